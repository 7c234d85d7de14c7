"""JSON Schemas of the engine commands' input and output (docs/engine-cli.md)."""
