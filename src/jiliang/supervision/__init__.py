"""Supervision and enforcement: inspection items, object and inspector libraries, random draws, joint and
special inspections, enforcement cases with their statutory clocks, penalty bases (#13)."""
