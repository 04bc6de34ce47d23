"""Small direct tests of the validators, so each mutant meets a test that notices it."""
