"""What the kiosks report about themselves: heartbeats and the audit trail."""
