"""Partner listings for the partner managers: every partner, drafts included, published and retired through the listing services."""
