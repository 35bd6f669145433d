"""Calls SKM makes to other servers (SMTP, SMS and WhatsApp gateways): what bounds their time."""
