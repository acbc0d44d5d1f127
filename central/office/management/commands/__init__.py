"""The back office's commands: OPDs, accounts, the fleet, the audit trail."""
