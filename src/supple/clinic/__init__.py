"""The clinician's side: a clinic's people, invitations, and the audit trail of who saw what."""
