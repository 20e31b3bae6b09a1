"""What crosses a boundary: the CloudEvents envelope, the camelCase base of API models."""
