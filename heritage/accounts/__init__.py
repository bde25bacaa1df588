"""Users, roles, sign-in and the permission helpers every other domain uses."""
