"""Security sweeps: each test enumerates what the portal offers (routes, fields, stores) and
checks all of it, so a route, a field or a table added later is swept without being listed."""
