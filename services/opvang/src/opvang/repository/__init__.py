"""All SQL of opvang, one module per resource."""
