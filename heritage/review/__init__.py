"""Sign-off: reviewers approve, request changes or reject a frozen version."""
