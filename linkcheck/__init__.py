"""Checks the external links the portal cites, from a management command (check_links)."""
