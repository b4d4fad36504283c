"""Study B: sequential emotion patterns — mining, matching, identification."""
