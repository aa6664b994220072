"""The catalog as the storefront shows it: products on sale, their stock, partners."""
