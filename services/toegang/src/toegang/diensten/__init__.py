"""The other services toegang calls over REST."""
