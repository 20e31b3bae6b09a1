"""All SQL of indicatie: one module per resource, rows in and out."""
