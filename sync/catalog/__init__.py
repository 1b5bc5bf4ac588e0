"""What the catalog flows (attribute sets, categories, products, inventory) share: bulk reads of
Acumatica records, the per-run view of Magento's catalog structure, and the discovery of records
for the data-preparation lists."""
