"""Use cases of opvang, one module per resource, and the consumer of toegang's events. Each
takes the kernel's unit of work and never commits."""
