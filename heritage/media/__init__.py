"""Photos as evidence: byte-exact originals, metadata-free public derivatives, custody log."""
