"""Mandatory verification (强制检定): the instrument register, verification records, certificates, due
dates, reminders and the inspection-rate figures."""
