"""Pure rules of opvang: matching, forms and norms, the wachtlijst arithmetic, who sees what
and the U16 reference data. No I/O."""
