"""The append-only audit log: every state change and edit, written with the change itself."""
