"""Heritage sites, their features and their sourced history of control."""
