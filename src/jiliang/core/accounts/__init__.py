"""The user's own account: API tokens (stored hashed, shown once), two-factor (TOTP), login lock-out."""
