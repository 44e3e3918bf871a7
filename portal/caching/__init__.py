"""A shared cache of anonymous pages, invalidated by a data generation every write bumps."""
