/** Drug trafficking: what a CROS needs (place, times, activity, people, vehicles, ordering, safety). */
import type { FlowDefinition } from '../engine/flow-types.ts';
import {
  COMMUNE_QUESTION,
  kindOfPlaceQuestion,
  narrativeQuestion,
  OTHER_SLOT,
  WHEN_QUESTION,
} from './common.ts';
import {
  descriptionQuestion,
  LANDMARK_QUESTION,
  PLATE_QUESTION,
  personsQuestion,
  vehicleQuestion,
  WEAPONS_SLOT,
  WITNESS_DONE_TEXT,
  WITNESS_INPUT_HINT,
  WITNESS_SAFETY_QUESTION,
  WITNESS_STOP,
} from './witness.ts';

export const stupefiantsFlow: FlowDefinition = {
  category: 'stupefiants',
  label: 'Trafic de stupéfiants',
  categoryKeywords: [
    '\\b(?:drogues?|stups?|stupefiants?|trafic|trafiquants?|deal\\w*|dealeurs?|point de deal|shit|beuh|weed|cannabis|coke|cocaine|crack|heroine|ecsta\\w*|joints?|barrettes?|pochons?|charbon\\w*|nourrice|guetteurs?|choufs?|plan stup|came)\\b',
    "\\b(?:vendent|vend|vendre|revendent|revend|livrent|livre) (?:de la|du|des|de l'|d'la|d la)\\b",
  ],
  intro:
    'Merci. Ce que vous voyez est précieux : votre signalement sera lu par des policiers, pas par une machine. Ne prenez aucun risque pour obtenir une information.',
  otherSlot: OTHER_SLOT,
  stop: WITNESS_STOP,
  inputHint: WITNESS_INPUT_HINT,
  doneText: WITNESS_DONE_TEXT,
  questions: [
    narrativeQuestion(
      "Décrivez ce que vous avez vu, avec vos mots, en un seul message : où, quand, combien de personnes, ce qu'elles font, les véhicules, les plaques, comment les acheteurs commandent… Écrivez ce que vous savez, même peu.",
    ),
    COMMUNE_QUESTION,
    LANDMARK_QUESTION,
    kindOfPlaceQuestion('multiple', "De quel type d'endroit s'agit-il ?", [
      {
        value: 'hall',
        label: "Hall d'immeuble",
        keywords: ["\\b(?:hall|halls|cage d'escaliers?|coursive|palier|entree de l'immeuble|caves?)\\b"],
      },
      { value: 'parking', label: 'Parking', keywords: ['\\b(?:parkings?|sous-sol|garages?)\\b'] },
      {
        value: 'rue',
        label: 'Rue',
        keywords: ['\\b(?:dans la rue|en pleine rue|sur le trottoir|au coin de la rue|sur la place)\\b'],
      },
      {
        value: 'parc',
        label: 'Parc',
        keywords: ['\\b(?:parc|square|jardin public|aire de jeux|city ?stade|stade)\\b'],
      },
      {
        value: 'commerce',
        label: 'Commerce',
        keywords: [
          '\\b(?:commerces?|magasin|epicerie|superette|supermarche|lidl|aldi|carrefour|tabac|bar|kebab|boulangerie|pharmacie|station-service|laverie|snack|chicha|pizzeria)\\b',
        ],
      },
      {
        value: 'etablissement_scolaire',
        label: 'Établissement scolaire',
        keywords: ['\\b(?:ecoles?|colleges?|lycees?|fac|universite|creche)\\b'],
      },
      { value: 'autre', label: 'Autre' },
    ]),
    WHEN_QUESTION,
    {
      id: 'recurrence',
      kind: 'datetime',
      input: 'choice',
      prompt: 'Cela arrive-t-il souvent ?',
      factType: 'recurrence',
      summaryLabel: 'Fréquence',
      detect: true,
      allowText: true,
      options: [
        {
          value: 'tous_les_jours',
          label: 'Tous les jours',
          keywords: [
            '\\b(?:(?:tous|tou|ts|tt) les jours|chaque jour|chak jour|quotidien\\w*|h ?24|24 ?h ?/ ?24|jour et nuit|en permanence|non-? ?stop|7 ?j ?/ ?7|a longueur de journee)\\b',
          ],
        },
        {
          value: 'soirs',
          label: 'Tous les soirs',
          keywords: [
            '\\b(?:(?:tous|tou|ts|tt) (?:les|le) soirs?|chaque soir|chak soir|le soir|les soirs|toutes les nuits|chaque nuit|chak nuit|la nuit)\\b',
          ],
        },
        {
          value: 'week_end',
          label: 'Le week-end',
          keywords: [
            '\\b(?:le week-? ?end|les week-? ?ends|tous les samedis|tous les dimanches|chaque samedi|chaque dimanche|(?:chaque|toutes les) fins? de semaine)\\b',
          ],
        },
        {
          value: 'plusieurs_fois',
          label: 'Plusieurs fois par semaine',
          keywords: [
            '\\b(?:plusieurs|quelques|\\d(?: ou \\d)?|deux|trois) fois par semaine\\b',
            '\\b(?:souvent|regulierement|frequemment)\\b',
          ],
        },
        {
          value: 'une_fois',
          label: 'Une seule fois',
          keywords: ["\\b(?:une seule fois|qu'une fois|la premiere fois que)\\b"],
        },
      ],
      // How long it has lasted, in the person's words, beside how often: "ça dure depuis des mois".
      capture: [
        {
          pattern:
            '\\b(?:ca (?:dure|fait) )?depuis (?:environ |plus de |pres de )?(?:des|plusieurs|quelques|\\d+|deux|trois|quatre|cinq|six|sept|huit|neuf|dix) (?:jours|semaines|mois|ans|annees)\\b',
        },
        {
          pattern:
            "\\bca fait (?:plus d'|plus de |pres d'|pres de |environ )?(?:un|une|\\d+|deux|trois|quelques|plusieurs|des) (?:ans?|annees?|mois|semaines?)\\b",
        },
        { pattern: "\\bdepuis (?:la rentree|l'ete|l'hiver|le printemps|l'automne|longtemps|des lustres)\\b" },
      ],
    },
    {
      id: 'activite',
      kind: 'choice',
      input: 'multiple',
      prompt: "Qu'avez-vous vu ? (plusieurs réponses possibles)",
      factType: 'activity',
      summaryLabel: 'Ce qui se passe',
      detect: true,
      allowText: true,
      options: [
        {
          value: 'vente',
          label: 'De la vente',
          keywords: [
            '\\b(?:vend(?!redi)\\w*|vente|revend\\w*|deal\\w*|charbon\\w*|point de deal|achet\\w*|clients?)\\b',
          ],
        },
        { value: 'livraison', label: 'Des livraisons', keywords: ['\\b(?:livr\\w*|delivery|drive)\\b'] },
        {
          value: 'stockage',
          label: 'Du stockage (drogue, argent)',
          keywords: ['\\b(?:stock\\w*|nourrice|planqu\\w*|entrepos\\w*|cach(?:ent|ette))\\b'],
        },
      ],
    },
    {
      id: 'produits',
      kind: 'choice',
      input: 'multiple',
      prompt: 'Savez-vous quels produits sont vendus ?',
      factType: 'substance',
      summaryLabel: 'Produits',
      filledBy: ['substance'],
      allowText: true,
      options: [
        { value: 'cannabis_resine', label: 'Résine de cannabis (shit)' },
        { value: 'cannabis_herbe', label: 'Herbe (beuh)' },
        { value: 'cocaine', label: 'Cocaïne' },
        { value: 'crack', label: 'Crack' },
        { value: 'heroine', label: 'Héroïne' },
        { value: 'mdma', label: 'Ecstasy / MDMA' },
        { value: 'protoxyde_azote', label: "Protoxyde d'azote" },
        { value: 'unspecified', label: 'Autre / je ne sais pas lequel' },
      ],
    },
    {
      id: 'prix',
      kind: 'text',
      input: 'text',
      prompt: 'Connaissez-vous des prix ? (par exemple « 10 € la barrette », « 60 € le gramme »)',
      factType: 'price',
      summaryLabel: 'Prix',
      filledBy: ['money'],
      condition: { has: 'produits' },
    },
    personsQuestion('Combien de personnes avez-vous vues ?'),
    {
      id: 'roles',
      kind: 'person',
      input: 'multiple',
      prompt: 'Que font ces personnes ? (plusieurs réponses possibles)',
      factType: 'roles',
      summaryLabel: 'Rôles',
      detect: true,
      allowText: true,
      condition: { has: 'personnes' },
      options: [
        {
          value: 'guetteur',
          label: 'Guetteur (surveille, crie quand la police arrive)',
          keywords: ['\\b(?:guet\\w*|choufs?|font le guet|surveill\\w*)\\b'],
        },
        {
          value: 'vendeur',
          label: 'Vendeur',
          keywords: [
            '\\b(?:vendeurs?|charbonneurs?|dealers?|dealeurs?|(?:re)?(?:vendent|vend|vendre|vendu|vendus|vendait|vendaient))\\b',
          ],
        },
        { value: 'livreur', label: 'Livreur', keywords: ['\\b(?:livreurs?|livrent|livre)\\b'] },
        {
          value: 'nourrice',
          label: 'Nourrice (garde la drogue ou l’argent)',
          keywords: ['\\bnourrices?\\b'],
        },
        { value: 'autre', label: 'Autre' },
      ],
    },
    descriptionQuestion(
      'Pouvez-vous décrire ces personnes ? Âge approximatif, taille, vêtements, signes particuliers, surnoms ou prénoms entendus…',
    ),
    vehicleQuestion('Des véhicules sont-ils utilisés ?'),
    {
      id: 'vehicule_details',
      kind: 'vehicle',
      input: 'text',
      prompt: 'Pouvez-vous décrire le véhicule : marque, modèle, couleur ?',
      factType: 'vehicle_details',
      summaryLabel: 'Détails du véhicule',
      filledBy: [{ type: 'vehicle', withAttrs: true }],
      owns: [],
      condition: { has: 'vehicule' },
    },
    PLATE_QUESTION,
    {
      id: 'commande',
      kind: 'choice',
      input: 'multiple',
      prompt: 'Savez-vous comment les acheteurs commandent ?',
      factType: 'ordering',
      summaryLabel: 'Commandes',
      filledBy: ['phone', 'handle'],
      owns: [],
      detect: true,
      allowText: true,
      options: [
        {
          value: 'sur_place',
          label: 'Directement sur place',
          keywords: ['\\b(?:sur place|directement|en bas)\\b'],
        },
        {
          value: 'telephone',
          label: 'Par téléphone ou SMS',
          keywords: ['\\b(?:telephone|tel|numero|sms|appel\\w*|portable)\\b'],
        },
        { value: 'snapchat', label: 'Snapchat', keywords: ['\\b(?:snap\\w*)\\b'] },
        { value: 'telegram', label: 'Telegram', keywords: ['\\b(?:telegram|tg)\\b'] },
        {
          value: 'autre_reseau',
          label: 'Autre réseau (WhatsApp, Signal, Instagram…)',
          keywords: ['\\b(?:whatsapp|wtsp|signal|insta\\w*|facebook|tiktok)\\b'],
        },
      ],
    },
    {
      id: 'contact',
      kind: 'text',
      input: 'text',
      prompt: 'Connaissez-vous le numéro de téléphone ou le nom du compte utilisé pour commander ?',
      factType: 'ordering_contact',
      summaryLabel: 'Numéros et comptes',
      filledBy: ['phone', 'handle'],
      condition: { valueIn: ['commande', ['telephone', 'snapchat', 'telegram', 'autre_reseau']] },
    },
    {
      id: 'photos',
      kind: 'photo',
      input: 'choice',
      prompt:
        "Si vous avez des photos, vous pouvez les ajouter avec le bouton ci-dessous. N'en prenez pas si vous risquez d'être vu(e).",
      factType: 'photo',
      summaryLabel: 'Photos',
      skippable: false,
      options: [
        {
          value: 'continue',
          label: 'Continuer',
          noFact: true,
          keywords: [
            "^\\s*(?:ok|d'accord|c'est bon|c'est tout|voila|fini|termine|suivant|continuer|pas de photos?)\\b",
          ],
        },
      ],
    },
    WITNESS_SAFETY_QUESTION,
    WEAPONS_SLOT,
  ],
};
