"""What identifies a citizen at a kiosk: registered card UIDs and pre-registrations."""
