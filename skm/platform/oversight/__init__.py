"""The regency's view across tenants: period standings, alerts, the central dashboard and report."""
