"""Views: parse input, check permission, call one service, respond."""
