"""The plan as data (检查考核): plans, targets, metric registry, dashboard and assessment report."""
