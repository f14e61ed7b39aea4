"""Platform layer: base models, audit trail, region scoping, errors, generic views, import/export."""
