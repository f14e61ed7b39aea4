"""Measurement standards and traceability (量传溯源): the registry of standards with their approval
certificates, calibration links, periodic checks, the traceability checker and public-standard coverage."""
