"""Converters from the domain to outside formats: iCalendar, FHIR, CSV, handouts (no Django)."""
