-- Demo units for Doubs (25) and Jura (39): the national reception platform and one CROS per département.
-- Départements are inserted here as well so this migration does not depend on the reference sync.
INSERT INTO departements (code, name, region_code) VALUES ('25', 'Doubs', '27'), ('39', 'Jura', '27')
  ON CONFLICT (code) DO NOTHING;

INSERT INTO units (code, name, kind) VALUES
  ('PNAV', 'Plateforme nationale de réception des signalements', 'plateforme'),
  ('CROS25', 'CROS du Doubs', 'cros'),
  ('CROS39', 'CROS du Jura', 'cros');

INSERT INTO unit_territories (unit_id, departement_code, zone)
  SELECT id, '25', 'toutes' FROM units WHERE code = 'CROS25'
  UNION ALL SELECT id, '39', 'toutes' FROM units WHERE code = 'CROS39';

-- Drug reports go to the CROS of the département; the other categories stay with the reception
-- platform, whose officers orient them (part 2 adds family-protection units).
INSERT INTO routing_rules (category, departement_code, unit_id)
  SELECT 'stupefiants', t.departement_code, t.unit_id
  FROM unit_territories t JOIN units u ON u.id = t.unit_id AND u.kind = 'cros'
  UNION ALL
  SELECT c.category, d.code, (SELECT id FROM units WHERE code = 'PNAV')
  FROM (VALUES ('25'), ('39')) AS d (code)
  CROSS JOIN (VALUES ('violences_intrafamiliales'), ('violences_sexuelles'), ('autre')) AS c (category);
