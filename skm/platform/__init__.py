"""What all tenants share: tenancy, accounts, central admin, API root, CLI."""
