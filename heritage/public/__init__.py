"""Public pages that belong to no single domain: the home page and the about page."""
