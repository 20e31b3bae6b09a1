"""Use cases of indicatie. Each takes the kernel's unit of work and never commits."""
