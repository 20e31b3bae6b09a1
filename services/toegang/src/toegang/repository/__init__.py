"""All SQL of toegang, by resource."""
