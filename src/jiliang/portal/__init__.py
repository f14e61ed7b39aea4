"""Public pages, no login: certificate check (later: disclosures, complaints). Reads selectors only."""
