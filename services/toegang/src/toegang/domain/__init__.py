"""Pure rules of toegang: no I/O, only values in and values out."""
