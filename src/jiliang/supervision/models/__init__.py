"""Models of supervision and enforcement, one module per topic (inspections, cases)."""
