"""Use cases of toegang: each takes the request's (or job round's) unit of work and never
commits."""
