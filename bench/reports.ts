/** The realistic free-text drug reports the message benchmarks send, in turn. */
export const REPORTS = [
  'Tous les soirs vers 21h trois jeunes vendent du shit devant le hall du 12 rue de Dole à Besançon, un guetteur en survêtement noir.',
  'Un scooter T-Max blanc immatriculé GA-318-PT livre de la coke à Planoise, commandes au 06 55 44 33 22 et sur Snap @plug_besak.',
  'Depuis lundi dernier deux individus stockent de la beuh dans une cave à Montbéliard, une Clio grise AB-123-CD vient à 18h30.',
  'Ils vendent la barrette 10 balles et le gramme de cc 60 euros, 4 ou 5 personnes, le plus jeune a 15 ans, vers minuit.',
];
