#!/usr/bin/env python3
"""derive.py — builds the tables of the Region Västerbotten 2024 baseline
(units.csv, flows.csv, waitlist.csv, profiles.csv, changes.csv,
staffing.csv) from the seed figures and the documented assumptions below,
so that every number in the tables can be traced. Run it from anywhere:

    python3 scenarios/vasterbotten/derive.py

Seed figures cite `seed:line` (files in ../shared/seeds/; 000 = annual
report 2024, 002 = interim report Aug 2024, 004 = slides 2024-02-28).
Everything else is an assumption and says so; docs/calibration.md lists
them with their reasons. The per-unit numbers (beds, lengths of stay,
volumes, sessions, list sizes) are *derived splits* that reproduce the
seed's totals, never seed figures themselves.

Calibration factors at the end (CAL_*) were found by running the model
(tests/validation/test-calibration.c checks the result); they correct for
what the closed-form derivation ignores: patients transferred out for lack
of a bed, cancelled operations, the packing of operating sessions.
"""
import math
import os
import datetime as dt

HERE = os.path.dirname(os.path.abspath(__file__))
YEAR = 2024
DAYS = 366

# ---------------------------------------------------------------- seed figures
SEED = dict(
    admissions=40_000,      # "drygt 40 000 vårdtillfällen", 000:2731
    bed_days=241_000,       # "knappt 241 000 vårddagar", 000:2731
    alos=5.22,              # medelvårdtid, 000:2722-2723
    beds=530,               # disponibla vårdplatser on average, 000:2736-2741
    occ_hospital=101.7,     # beläggning sjukhusvårdens vårdplatser, 000:2726
    occ_sjukstugor=65.2,    # beläggning sjukstugornas vårdplatser, 000:2727-2728
    sjukstuga_share=2.3,    # % of admissions in sjukstugor, 000:2731-2732
    operations=34_875,      # operations at the three hospitals, 000:2780
    hearing_waiting=2_654,  # waiting for a hearing aid, 002:583-584
)

# Reading of the bed figures (docs/calibration.md, "The bed figures"):
# 40 000 admissions and 5.22 days are somatic care (hospitals, technical
# beds, sjukstugor); 530 beds and 101.7 % are the somatic disponibla beds
# without technical beds; the 241 000 bed-days add psychiatric care.
ADMISSIONS = 40_000         # "drygt 40 000"; the model lands a little above
SOMATIC_BED_DAYS = ADMISSIONS * SEED["alos"]            # 209 322
PSYCH_BED_DAYS = SEED["bed_days"] - SOMATIC_BED_DAYS    # 31 678
SJUKSTUGA_BEDS = 28          # assumption: a few beds at each sjukstuga
HOSPITAL_BEDS = SEED["beds"] - SJUKSTUGA_BEDS           # 502 on average

# --------------------------------------------------------------- bed units
# unit, site, bed_type, planned staffed beds (before summer), summer
# closure share of planned beds (reached through summer substitutes),
# relative occupancy (medical wards fuller than surgical, Barn- och
# ungdomscentrum could keep every bed open, 000:289-291), relative length
# of stay of the acute flow (scaled so the region's ALOS is 5.22), share
# of acute patients utskrivningsklara and their extra days.
# All assumptions unless cited.
S, P, T = "somatic", "psychiatric", "technical"
BED_UNITS = [
    # NUS (Umeå)
    ("Medicincentrum Umeå", "NUS", S, 74, 0.16, 1.06, 1.00, 0.10, 4.0),
    ("Hjärtcentrum", "NUS", S, 30, 0.16, 1.00, 0.75, 0.04, 3.0),
    ("Thoraxkirurgi", "NUS", S, 14, 0.16, 0.95, 1.10, 0.02, 3.0),
    ("Geriatriskt centrum", "NUS", S, 28, 0.14, 1.06, 1.60, 0.25, 5.0),
    ("Infektionskliniken", "NUS", S, 16, 0.16, 0.95, 0.95, 0.05, 3.0),
    ("Cancercentrum Vb", "NUS", S, 20, 0.16, 1.02, 1.25, 0.05, 3.0),
    ("Barn- och ungdomscentrum Vb", "NUS", S, 22, 0.00, 0.80, 0.50, 0.0, 0.0),
    ("Kirurgcentrum Umeå", "NUS", S, 43, 0.18, 1.02, 0.60, 0.04, 3.0),
    ("Ortopedi Umeå", "NUS", S, 31, 0.18, 1.03, 1.00, 0.10, 4.0),
    ("Hand- och plastikkirurgi Vb", "NUS", S, 6, 0.20, 0.85, 0.40, 0.0, 0.0),
    ("NHHC Neurologi", "NUS", S, 22, 0.14, 1.04, 1.15, 0.12, 4.0),
    ("Neurokirurgi Vb", "NUS", S, 12, 0.14, 1.00, 1.00, 0.05, 3.0),
    ("Öron- näs- och halskirurgi Vb", "NUS", S, 6, 0.20, 0.85, 0.40, 0.0, 0.0),
    ("CFOG Umeå", "NUS", S, 28, 0.16, 0.85, 0.45, 0.0, 0.0),
    ("Psykiatrisk klinik Umeå", "NUS", P, 60, 0.05, 1.00, 14.0, 0.08, 7.0),
    ("IVA NUS", "NUS", T, 24, 0.0, 1.0, 4.0, 0.0, 0.0),
    ("Neonatal intensivvård NUS", "NUS", T, 14, 0.0, 1.0, 10.0, 0.0, 0.0),
    # Skellefteå
    ("Medicinsk och geriatrisk klinik Ske", "Skellefteå", S, 64, 0.16, 1.06, 1.05, 0.16, 5.0),
    ("Kirurgcentrum Ske", "Skellefteå", S, 24, 0.20, 1.00, 0.60, 0.04, 3.0),
    ("Ortopedi Ske", "Skellefteå", S, 18, 0.20, 1.02, 1.00, 0.10, 4.0),
    ("CFOG Ske", "Skellefteå", S, 14, 0.16, 0.85, 0.45, 0.0, 0.0),
    ("Psykiatrisk klinik Ske", "Skellefteå", P, 30, 0.05, 1.00, 12.0, 0.08, 7.0),
    ("AnOpIVA Ske", "Skellefteå", T, 7, 0.0, 1.0, 3.5, 0.0, 0.0),
    # Lycksele
    ("Medicinskt centrum Sö Lappland", "Lycksele", S, 33, 0.16, 1.04, 1.05, 0.12, 4.0),
    ("Kirurgiskt centrum Sö Lappland", "Lycksele", S, 16, 0.20, 0.98, 0.65, 0.04, 3.0),
    ("CFOG Ly", "Lycksele", S, 8, 0.30, 0.80, 0.45, 0.0, 0.0),
    ("IVA Lycksele", "Lycksele", T, 5, 0.0, 1.0, 3.0, 0.0, 0.0),
    # Sjukstugor (primary care's cottage hospitals, 000:2721, 2727-2732):
    # Åsele sjukstuga (002:1499) and Sorsele's beds (000:189-190) are the
    # ones the seeds name; the rest are one unit.
    ("Sjukstuga Åsele", "Sjukstugor", S, 6, 0.0, 1.0, 1.0, 0.10, 4.0),
    ("Sjukstuga Sorsele", "Sjukstugor", S, 6, 0.0, 1.0, 1.0, 0.10, 4.0),
    ("Övriga sjukstugor", "Sjukstugor", S, 16, 0.0, 1.0, 1.0, 0.10, 4.0),
]

# Acute flows beside the ward's "akut": births at CFOG (assumption:
# about 2 800 a year in the county, split by site), emergency operations
# (treat_p: share of the admitted acute patients operated; assumptions).
BIRTHS = {"CFOG Umeå": 1900, "CFOG Ske": 650, "CFOG Ly": 250}
CAESAREAN_P = 0.17
EMERGENCY_OP_P = {
    "Kirurgcentrum Umeå": 0.60, "Kirurgcentrum Ske": 0.58, "Kirurgiskt centrum Sö Lappland": 0.55,
    "Ortopedi Umeå": 0.85, "Ortopedi Ske": 0.82, "Hand- och plastikkirurgi Vb": 0.90,
    "Neurokirurgi Vb": 0.60, "Öron- näs- och halskirurgi Vb": 0.50, "Thoraxkirurgi": 0.70,
    "CFOG Umeå": 0.45, "CFOG Ske": 0.45, "CFOG Ly": 0.40,
}

# ------------------------------------------------------- care guarantee (004)
# First visits within 90 days, January 2024 (004:187-301), per clinic in
# the chart's order; the clinic is one or more units of the model.
FV_SHARE = {
    "Ortopedi Ske": 38, "Hud och STD": 47, "Ortopedi Umeå": 48,
    "Hand- och plastikkirurgisk klinik Umeå": 49, "Psykiatrisk klinik Umeå": 52,
    "CFOG Umeå": 58, "NHH centrum Vb (NC/ÖNH)": 61, "Kirurgcentrum Umeå": 61,
    "Kirurgcentrum Ske": 62, "Kirurgiskt centrum Sö Lappland": 71,
    "Medicinsk och geriatrisk klinik Ske": 74, "Medicincentrum Umeå": 75,
    "Geriatriskt Centrum": 76, "Barn- och ungdomscentrum Vb": 78, "Ögon Ske": 78,
    "Reumatologisk klinik Vb": 79, "CFOG Ly": 81, "Hjärtcentrum": 83, "Ögon Umeå": 83,
    "Ögon Ly": 84, "Habiliteringscentrum Vb": 84, "CFOG Ske": 94,
    "Psykiatrisk klinik Ske": 94, "Medicinskt centrum Sö Lappland": 97,
    "Psykiatrisk klinik Sö Lappland": 98, "Cancercentrum Vb": 99,
    "Arbets- och beteendemedicinskt C": 100, "Infektionsklinik": 100,
}
FV_COUNTY = 66                                     # 004:205, 263
# Treatments within 90 days, January 2024 (004:314-388).
TR_SHARE = {
    "Utprovning hörapparat": 32, "Ortopedi Umeå": 34, "Öron- näs- och halskirurgi Vb": 37,
    "Kirurgcentrum Umeå": 37, "Ortopedi Ske": 41, "Kirurgcentrum Ske": 42,
    "Kirurgiskt centrum Sö Lappland": 47, "Hand- och plastikkirurgi Vb": 51, "Ögon Ske": 52,
    "CFOG Ly": 53, "Ögon Umeå": 57, "Psykiatri Umeå-beh": 64, "Neurokirurgi Vb": 69,
    "CFOG Ske": 70, "Psykiatri Ske-beh": 78, "CFOG Umeå": 81, "Ögon Ly": 91, "Thoraxkirurgi": 97,
}
TR_COUNTY = 45                                     # 004:326, 364
# Share of all patients waiting > 90 days on 31 January 2024, by specialty
# (004:149-179). Read as treatment lists: the specialties are exactly
# those of the treatment chart (plus BUP).
LONG_SHARE = {
    "hörapparat": 30, "ögon": 18, "kirurgi": 14, "önh": 10, "rygg": 8, "ortopedi": 8,
    "urologi": 5, "hand": 5, "plastik": 2, "gyn": 1.3, "bup": 0.8, "psykiatri": 0.8,
    "neurokirurgi": 0.7, "thorax": 0.1,
}

# Clinic of the charts -> units of the model (pooled for the chart's figure).
CLINIC_UNITS = {
    "Ortopedi Ske": ["Ortopedi Ske"], "Hud och STD": ["Hud och STD"],
    "Ortopedi Umeå": ["Ortopedi Umeå"],
    "Hand- och plastikkirurgisk klinik Umeå": ["Hand- och plastikkirurgi Vb"],
    "Psykiatrisk klinik Umeå": ["Psykiatrisk klinik Umeå"], "CFOG Umeå": ["CFOG Umeå"],
    "NHH centrum Vb (NC/ÖNH)": ["NHHC Neurologi", "Neurokirurgi Vb", "Öron- näs- och halskirurgi Vb",
                                "Utprovning hörapparat Vb", "Hörcentralen Lycksele"],
    "Kirurgcentrum Umeå": ["Kirurgcentrum Umeå"], "Kirurgcentrum Ske": ["Kirurgcentrum Ske"],
    "Kirurgiskt centrum Sö Lappland": ["Kirurgiskt centrum Sö Lappland"],
    "Medicinsk och geriatrisk klinik Ske": ["Medicinsk och geriatrisk klinik Ske"],
    "Medicincentrum Umeå": ["Medicincentrum Umeå"], "Geriatriskt Centrum": ["Geriatriskt centrum"],
    "Barn- och ungdomscentrum Vb": ["Barn- och ungdomscentrum Vb"], "Ögon Ske": ["Ögon Ske"],
    "Reumatologisk klinik Vb": ["Reumatologisk klinik Vb"], "CFOG Ly": ["CFOG Ly"],
    "Hjärtcentrum": ["Hjärtcentrum", "Thoraxkirurgi"], "Ögon Umeå": ["Ögon Umeå"],
    "Ögon Ly": ["Ögon Ly"], "Habiliteringscentrum Vb": ["Habiliteringscentrum Vb"],
    "CFOG Ske": ["CFOG Ske"], "Psykiatrisk klinik Ske": ["Psykiatrisk klinik Ske"],
    "Medicinskt centrum Sö Lappland": ["Medicinskt centrum Sö Lappland"],
    "Psykiatrisk klinik Sö Lappland": ["Psykiatrisk klinik Sö Lappland"],
    "Cancercentrum Vb": ["Cancercentrum Vb"],
    "Arbets- och beteendemedicinskt C": ["Arbets- och beteendemedicinskt centrum"],
    "Infektionsklinik": ["Infektionskliniken"],
}
TR_CLINIC_UNITS = {
    "Utprovning hörapparat": ["Utprovning hörapparat Vb", "Hörcentralen Lycksele"],
    "Psykiatri Umeå-beh": ["Psykiatrisk klinik Umeå"], "Psykiatri Ske-beh": ["Psykiatrisk klinik Ske"],
    "Hand- och plastikkirurgi Vb": ["Hand- och plastikkirurgi Vb"],
}


def tr_units(clinic):
    return TR_CLINIC_UNITS.get(clinic, [clinic])


def fv_share_of_unit(unit):
    for c, us in CLINIC_UNITS.items():
        if unit in us:
            return FV_SHARE[c] / 100.0
    return None


def tr_share_of_unit(unit):
    for c in TR_SHARE:
        if unit in tr_units(c):
            return TR_SHARE[c] / 100.0
    return None


# ------------------------------------------------------------ planned care
# Routine (priority 2) treatment flows: (unit, flow, specialty, share of
# the specialty's long waiters at this unit, treat_p, surgery minutes,
# inpatient_p, post-operative stay, operation?). Shares across units and
# every other number: assumptions.
P2 = [
    ("Kirurgcentrum Umeå", "kirurgi", "kirurgi", 0.55, 0.65, 90, 0.35, 3.0, True),
    ("Kirurgcentrum Umeå", "urologi", "urologi", 0.60, 0.65, 75, 0.30, 2.5, True),
    ("Kirurgcentrum Ske", "kirurgi", "kirurgi", 0.30, 0.65, 85, 0.30, 2.5, True),
    ("Kirurgcentrum Ske", "urologi", "urologi", 0.40, 0.65, 75, 0.30, 2.5, True),
    ("Kirurgiskt centrum Sö Lappland", "kirurgi", "kirurgi", 0.15, 0.65, 80, 0.30, 2.5, True),
    ("Ortopedi Umeå", "ortopedi", "ortopedi", 0.60, 0.7, 100, 0.45, 3.0, True),
    ("Ortopedi Umeå", "rygg", "rygg", 1.00, 0.55, 120, 0.60, 3.5, True),
    ("Ortopedi Ske", "ortopedi", "ortopedi", 0.40, 0.7, 100, 0.45, 3.0, True),
    ("Hand- och plastikkirurgi Vb", "hand", "hand", 1.00, 0.75, 45, 0.05, 1.5, True),
    ("Hand- och plastikkirurgi Vb", "plastik", "plastik", 1.00, 0.7, 90, 0.20, 2.0, True),
    ("Öron- näs- och halskirurgi Vb", "önh", "önh", 1.00, 0.55, 60, 0.20, 1.5, True),
    ("Neurokirurgi Vb", "neurokirurgi", "neurokirurgi", 1.00, 0.55, 150, 0.90, 4.0, True),
    ("Thoraxkirurgi", "thorax", "thorax", 1.00, 0.95, 240, 1.00, 5.5, True),
    ("CFOG Umeå", "gyn", "gyn", 0.60, 0.6, 70, 0.30, 2.0, True),
    ("CFOG Ske", "gyn", "gyn", 0.25, 0.6, 70, 0.30, 2.0, True),
    ("CFOG Ly", "gyn", "gyn", 0.15, 0.6, 70, 0.30, 2.0, True),
    ("Ögon Umeå", "katarakt", "ögon", 0.58, 0.92, 25, 0.0, 0.0, True),
    ("Ögon Ske", "katarakt", "ögon", 0.40, 0.92, 25, 0.0, 0.0, True),
    ("Ögon Ly", "katarakt", "ögon", 0.02, 0.92, 25, 0.0, 0.0, True),
    # treatments that are not operations (flows.csv operation = 0)
    ("Utprovning hörapparat Vb", "hörapparat", "hörapparat", 0.82, 0.92, 60, 0.0, 0.0, False),
    ("Hörcentralen Lycksele", "hörapparat", "hörapparat", 0.18, 0.92, 60, 0.0, 0.0, False),
    ("Psykiatrisk klinik Umeå", "behandling", "psykiatri", 0.70, 0.3, 60, 0.0, 0.0, False),
    ("Psykiatrisk klinik Ske", "behandling", "psykiatri", 0.30, 0.3, 60, 0.0, 0.0, False),
]
# Priority 1 (cancer and other urgent) flows: (unit, flow, weight of the
# unit in the priority volume, treat_p, minutes, inpatient_p, stay). Their
# total volume is what the three hospitals' 34 875 operations leave after
# the routine and emergency operations (derived below).
P1 = [
    ("Kirurgcentrum Umeå", "prio", 1600, 0.95, 120, 0.40, 4.0),
    ("Kirurgcentrum Ske", "prio", 800, 0.95, 110, 0.40, 3.5),
    ("Kirurgiskt centrum Sö Lappland", "prio", 300, 0.95, 100, 0.35, 3.5),
    ("Ortopedi Umeå", "prio", 600, 0.95, 100, 0.30, 3.5),
    ("Ortopedi Ske", "prio", 300, 0.95, 100, 0.30, 3.5),
    ("Hand- och plastikkirurgi Vb", "prio", 1500, 0.95, 50, 0.05, 2.0),
    ("Öron- näs- och halskirurgi Vb", "prio", 700, 0.95, 90, 0.25, 3.0),
    ("Neurokirurgi Vb", "prio", 250, 0.95, 180, 0.80, 5.0),
    ("Thoraxkirurgi", "prio", 150, 0.95, 240, 1.00, 6.0),
    ("CFOG Umeå", "prio", 700, 0.95, 90, 0.40, 3.0),
    ("CFOG Ske", "prio", 250, 0.95, 90, 0.30, 2.5),
    ("CFOG Ly", "prio", 80, 0.95, 90, 0.30, 2.5),
    ("Ögon Umeå", "prio", 300, 0.95, 40, 0.0, 0.0),
    ("Ögon Ske", "prio", 120, 0.95, 40, 0.0, 0.0),
    ("Ögon Ly", "prio", 30, 0.95, 40, 0.0, 0.0),
]
# Units without beds: (unit, site). First-visit clinics and the eye and
# hearing clinics (eye surgery is day surgery, inpatient_p = 0).
NO_BED_UNITS = [
    ("Utprovning hörapparat Vb", "NUS"), ("Ögon Umeå", "NUS"), ("Hud och STD", "NUS"),
    ("Reumatologisk klinik Vb", "NUS"), ("Habiliteringscentrum Vb", "NUS"),
    ("Arbets- och beteendemedicinskt centrum", "NUS"), ("BUP Västerbotten", "NUS"),
    ("Ögon Ske", "Skellefteå"),
    ("Ögon Ly", "Lycksele"), ("Hörcentralen Lycksele", "Lycksele"),
    ("Psykiatrisk klinik Sö Lappland", "Lycksele"),
]
# Referrals a year of the first-visit-only flows (assumptions). Units with
# treatment flows get their referrals from treatments / treat_p.
FV_ONLY = {
    "Hud och STD": 3200, "Medicincentrum Umeå": 3200, "Hjärtcentrum": 2600,
    "Geriatriskt centrum": 700, "Infektionskliniken": 500, "Cancercentrum Vb": 2000,
    "Barn- och ungdomscentrum Vb": 2200, "Reumatologisk klinik Vb": 1100,
    "Habiliteringscentrum Vb": 700, "Arbets- och beteendemedicinskt centrum": 400,
    "Medicinsk och geriatrisk klinik Ske": 1800, "Medicinskt centrum Sö Lappland": 900,
    "NHHC Neurologi": 1400, "Psykiatrisk klinik Umeå": 1300, "Psykiatrisk klinik Ske": 600,
    "Psykiatrisk klinik Sö Lappland": 400, "BUP Västerbotten": 1200,
}
# A share of 0.1 % (about 6 patients) is too small to derive a volume from
# (the rounding of 0.1 % and 97 % alone spans a factor 3): assumption.
LAMBDA_OVERRIDE = {("Thoraxkirurgi", "thorax"): 400}
BUP_FV_SHARE = 0.70         # not in the chart ("Ej Bup", 004:308): assumption
FULL_FV_WAIT = 60           # days: the list of a clinic that meets the guarantee

SESSION_MIN = {"Thoraxkirurgi": 480}     # full-day theatre; others 240 (default)

# ------------------------------------------------ the organisation's levels
# units.csv `clinic` (klinik/centrum) and `area` (område): basenhet ->
# klinik/centrum -> område -> sjukhus -> region. The administration has six
# areas (003:50; its chart is missing from the text): närsjukvårdsområde
# Umeå, Skellefteå and Södra Lappland, länssjukvårdsområde 1 and 2
# (002:347-351), and primary and dental care (000:145), which runs the
# sjukstugor (000:2721, 2727-2732). The seeds do not say which clinic
# belongs to which area: every assignment below is an ASSUMPTION, made so
# that the county-wide (Vb) centres of NUS are in the länssjukvård areas
# and each hospital's local care in its närsjukvårdsområde. Clinics group
# units where the seeds name a centre: Hjärtcentrum with thoracic surgery
# (004: one row in the guarantee charts), NHHC (neuro-, huvud- och
# halscentrum, 000:108) with the hearing units, Rörelseorganens centrum
# (000:268; KUA's centre, 000:1455-1467), the eye clinic, Barn- och ungdomscentrum
# with neonatal intensive care.
NSO_UME, NSO_SKE, NSO_SL = "Närsjukvårdsområde Umeå", "Närsjukvårdsområde Skellefteå", "Närsjukvårdsområde Södra Lappland"
LSO_1, LSO_2, PV_TV = "Länssjukvårdsområde 1", "Länssjukvårdsområde 2", "Primärvård och tandvård"
LEVELS_2024 = {
    # unit: (clinic, area)
    "Medicincentrum Umeå": ("Medicincentrum Umeå", NSO_UME),
    "Geriatriskt centrum": ("Geriatriskt centrum", NSO_UME),
    "Infektionskliniken": ("Infektionskliniken", NSO_UME),
    "Kirurgcentrum Umeå": ("Kirurgcentrum Umeå", NSO_UME),
    "CFOG Umeå": ("CFOG Umeå", NSO_UME),
    "Psykiatrisk klinik Umeå": ("Psykiatri Umeå", NSO_UME),
    "IVA NUS": ("Anestesi och intensivvård NUS", NSO_UME),
    "Hud och STD": ("Hud och STD", NSO_UME),
    "Arbets- och beteendemedicinskt centrum": ("AB-centrum", NSO_UME),
    "Hjärtcentrum": ("Hjärtcentrum", LSO_1),
    "Thoraxkirurgi": ("Hjärtcentrum", LSO_1),
    "NHHC Neurologi": ("NHHC", LSO_1),
    "Neurokirurgi Vb": ("NHHC", LSO_1),
    "Öron- näs- och halskirurgi Vb": ("NHHC", LSO_1),
    "Utprovning hörapparat Vb": ("NHHC", LSO_1),
    "Hörcentralen Lycksele": ("NHHC", LSO_1),
    "Hand- och plastikkirurgi Vb": ("Hand- och plastikkirurgi Vb", LSO_1),
    "Ortopedi Umeå": ("Rörelseorganens centrum", LSO_1),
    "Ortopedi Ske": ("Rörelseorganens centrum", LSO_1),
    "Ögon Umeå": ("Ögonkliniken Vb", LSO_1),
    "Ögon Ske": ("Ögonkliniken Vb", LSO_1),
    "Ögon Ly": ("Ögonkliniken Vb", LSO_1),
    "Cancercentrum Vb": ("Cancercentrum Vb", LSO_2),
    "Barn- och ungdomscentrum Vb": ("Barn- och ungdomscentrum Vb", LSO_2),
    "Neonatal intensivvård NUS": ("Barn- och ungdomscentrum Vb", LSO_2),
    "BUP Västerbotten": ("BUP Västerbotten", LSO_2),
    "Habiliteringscentrum Vb": ("Habiliteringscentrum Vb", LSO_2),
    "Reumatologisk klinik Vb": ("Reumatologisk klinik Vb", LSO_2),
    "Medicinsk och geriatrisk klinik Ske": ("Medicinsk och geriatrisk klinik Ske", NSO_SKE),
    "Kirurgcentrum Ske": ("Kirurgcentrum Ske", NSO_SKE),
    "CFOG Ske": ("CFOG Ske", NSO_SKE),
    "Psykiatrisk klinik Ske": ("Psykiatri Skellefteå", NSO_SKE),
    "AnOpIVA Ske": ("AnOpIVA Ske", NSO_SKE),
    "Medicinskt centrum Sö Lappland": ("Medicinskt centrum Sö Lappland", NSO_SL),
    "Kirurgiskt centrum Sö Lappland": ("Kirurgiskt centrum Sö Lappland", NSO_SL),
    "CFOG Ly": ("CFOG Ly", NSO_SL),
    "IVA Lycksele": ("IVA Lycksele", NSO_SL),
    "Psykiatrisk klinik Sö Lappland": ("Psykiatri Södra Lappland", NSO_SL),
    "Sjukstuga Åsele": ("Sjukstugor", PV_TV),
    "Sjukstuga Sorsele": ("Sjukstugor", PV_TV),
    "Övriga sjukstugor": ("Sjukstugor", PV_TV),
}
# The new organisation from 1 February 2025 (001:18-21: "stärkt lokal
# ledning i Skellefteå och Lycksele", "underlätta vårdplatssamarbetet"):
# ASSUMED to move the county clinics' units at Skellefteå and Lycksele to
# their local area, each its own clinic there. vasterbotten-2025.ini reads
# these levels for the whole year (January included).
LEVELS_2025 = dict(LEVELS_2024)
LEVELS_2025.update({
    "Ortopedi Ske": ("Ortopedi Skellefteå", NSO_SKE),
    "Ögon Ske": ("Ögon Skellefteå", NSO_SKE),
    "Ögon Ly": ("Ögon Lycksele", NSO_SL),
    "Hörcentralen Lycksele": ("Hörcentralen Lycksele", NSO_SL),
})

# --------------------------------------------------- calendar of capacity
# (changes.csv; operating sessions and first-visit slots have no staff
# rows, so their summer and conflict reductions are dated changes).
SUMMER = (dt.date(YEAR, 6, 1), dt.date(YEAR, 8, 30))     # 004:93
SUMMER_CUT = 0.30           # sessions and slots, assumption
BLOCKADE = (dt.date(YEAR, 4, 22), dt.date(YEAR, 6, 28))  # "slutet av april" – 28 June, 000:343-353
BLOCKADE_CUT = 0.10         # no overtime or extra lists, assumption
STRIKE = (dt.date(YEAR, 6, 11), dt.date(YEAR, 6, 28))    # 002:26-38, 000:344-353
STRIKE_OR_CUT = 0.40        # operating nurses on strike at the three hospitals, assumption
STRIKE_NURSE_CUT = 0.20     # nurses of the selected (surgical) wards, assumption
STRIKE_UNITS = ["Kirurgcentrum Umeå", "Ortopedi Umeå", "CFOG Umeå", "Kirurgcentrum Ske",
                "Ortopedi Ske", "CFOG Ske", "Kirurgiskt centrum Sö Lappland", "CFOG Ly"]
BLOCKADE_NURSE_CUT = 0.03   # overtime and extra hours gone, assumption
CHRISTMAS = (dt.date(YEAR, 12, 23), dt.date(YEAR, 12, 31))
CHRISTMAS_CUT = 0.50

# Seasonal factors (profiles.csv): acute admissions higher in winter and
# lower in summer; referrals fewer in July and at Christmas (assumptions).
ACUTE_MONTH = [1.06, 1.06, 1.04, 1.00, 0.98, 0.95, 0.92, 0.95, 1.00, 1.01, 1.02, 1.03]
ACUTE_WEEKDAY = [1.12, 1.05, 1.02, 1.00, 1.00, 0.90, 0.91]
REFERRAL_MONTH = [1.05, 1.05, 1.05, 1.00, 1.00, 0.90, 0.60, 0.90, 1.05, 1.05, 1.05, 0.85]

# ------------------------------------------------------------- staffing
NORM_NURSE = 8 / 5 + 8 / 6 + 8 / 8        # docs/staffing.md defaults
NORM_AN = 8 / 4 + 8 / 5 + 8 / 8
SICK = 0.056                               # 002:1128-1133
LEAVE_REST = 7 / (DAYS - 91)               # 1 of 5 weeks outside summer
LEAVE_SUMMER = 28 / 91                     # 4 weeks in 1 June - 30 August
HOURS_DAY = 1900 / 365
# Agency share of the ward staff FTE (assumption, shaped by 002:347-351 and
# 000:302: Lycksele and its Kirurgcentrum depend most; hospital care as a
# whole 2.7 % of staff cost, 002:1375-1378; sjukstugor are primary care).
AGENCY_SHARE = {"NUS": 0.012, "Skellefteå": 0.010, "Lycksele": 0.08, "Sjukstugor": 0.10}
AGENCY_EXTRA = {"Kirurgiskt centrum Sö Lappland": 0.14, "Psykiatrisk klinik Umeå": 0.04,
                "Psykiatrisk klinik Ske": 0.03}

# ------------------------------------------------- calibration factors
# Found by running the model (see module doc); 1.0 = the closed-form value.
CAL_ACUTE = {'NUS': 1.014, 'Skellefteå': 1.063, 'Lycksele': 1.034, 'Sjukstugor': 1.015, 'technical': 0.998, 'psychiatric': 1.082}
CAL_SESSIONS = {'CFOG Ly': 1.168, 'CFOG Ske': 1.182, 'CFOG Umeå': 1.165, 'Hand- och plastikkirurgi Vb': 1.025, 'Hörcentralen Lycksele': 0.926, 'Kirurgcentrum Ske': 1.121, 'Kirurgcentrum Umeå': 1.011, 'Kirurgiskt centrum Sö Lappland': 1.088, 'Neurokirurgi Vb': 1.335, 'Ortopedi Ske': 1.125, 'Ortopedi Umeå': 1.044, 'Psykiatrisk klinik Ske': 0.916, 'Psykiatrisk klinik Umeå': 0.922, 'Thoraxkirurgi': 0.939, 'Utprovning hörapparat Vb': 0.91, 'Ögon Ly': 0.949, 'Ögon Ske': 0.962, 'Ögon Umeå': 0.963, 'Öron- näs- och halskirurgi Vb': 0.957}
CAL_PACKING = 0.9
CAL_FV_WAIT = {'Barn- och ungdomscentrum Vb': 1.014, 'CFOG Ly': 0.87, 'CFOG Ske': 0.806, 'CFOG Umeå': 0.932, 'Geriatriskt centrum': 1.008, 'Habiliteringscentrum Vb': 1.011, 'Hand- och plastikkirurgi Vb': 0.957, 'Hjärtcentrum': 1.003, 'Hud och STD': 1.019, 'Hörcentralen Lycksele': 0.997, 'Kirurgcentrum Ske': 0.928, 'Kirurgcentrum Umeå': 0.886, 'Kirurgiskt centrum Sö Lappland': 0.912, 'Medicincentrum Umeå': 1.018, 'Medicinsk och geriatrisk klinik Ske': 1.012, 'Medicinskt centrum Sö Lappland': 1.003, 'NHHC Neurologi': 0.997, 'Neurokirurgi Vb': 0.997, 'Ortopedi Ske': 0.99, 'Ortopedi Umeå': 0.989, 'Psykiatrisk klinik Ske': 1.006, 'Psykiatrisk klinik Sö Lappland': 1.016, 'Psykiatrisk klinik Umeå': 1.018, 'Reumatologisk klinik Vb': 1.013, 'Thoraxkirurgi': 1.003, 'Utprovning hörapparat Vb': 0.997, 'Ögon Ly': 1.002, 'Ögon Ske': 1.002, 'Ögon Umeå': 0.993, 'Öron- näs- och halskirurgi Vb': 0.997}
CAL_TR_WAIT = {'CFOG Ly': 1.0, 'CFOG Ske': 0.846, 'CFOG Umeå': 0.75, 'Hand- och plastikkirurgi Vb': 0.811, 'Hörcentralen Lycksele': 1.012, 'Kirurgcentrum Ske': 0.862, 'Kirurgcentrum Umeå': 1.004, 'Kirurgiskt centrum Sö Lappland': 0.848, 'Neurokirurgi Vb': 0.745, 'Ortopedi Ske': 0.824, 'Ortopedi Umeå': 0.892, 'Psykiatrisk klinik Ske': 1.033, 'Psykiatrisk klinik Umeå': 1.051, 'Thoraxkirurgi': 0.794, 'Utprovning hörapparat Vb': 1.012, 'Ögon Ly': 0.975, 'Ögon Ske': 0.98, 'Ögon Umeå': 0.956, 'Öron- näs- och halskirurgi Vb': 0.951}
CAL_SLOTS = {'Arbets- och beteendemedicinskt centrum': 1.007, 'BUP Västerbotten': 0.998, 'Barn- och ungdomscentrum Vb': 1.003, 'CFOG Ly': 1.044, 'CFOG Ske': 1.01, 'CFOG Umeå': 1.011, 'Cancercentrum Vb': 1.017, 'Geriatriskt centrum': 1.005, 'Habiliteringscentrum Vb': 1.015, 'Hand- och plastikkirurgi Vb': 1.017, 'Hjärtcentrum': 1.009, 'Hud och STD': 1.012, 'Hörcentralen Lycksele': 1.028, 'Infektionskliniken': 1.054, 'Kirurgcentrum Ske': 1.018, 'Kirurgcentrum Umeå': 1.016, 'Kirurgiskt centrum Sö Lappland': 1.01, 'Medicincentrum Umeå': 1.019, 'Medicinsk och geriatrisk klinik Ske': 1.017, 'Medicinskt centrum Sö Lappland': 1.007, 'NHHC Neurologi': 1.01, 'Neurokirurgi Vb': 1.014, 'Ortopedi Ske': 1.004, 'Ortopedi Umeå': 1.011, 'Psykiatrisk klinik Ske': 1.004, 'Psykiatrisk klinik Sö Lappland': 1.009, 'Psykiatrisk klinik Umeå': 1.008, 'Reumatologisk klinik Vb': 1.016, 'Thoraxkirurgi': 1.037, 'Utprovning hörapparat Vb': 1.013, 'Ögon Ly': 1.007, 'Ögon Ske': 1.017, 'Ögon Umeå': 1.012, 'Öron- näs- och halskirurgi Vb': 1.008}
CAL_LAMBDA = {'Hand- och plastikkirurgi Vb': 1.033, 'Kirurgcentrum Ske': 0.996, 'Kirurgcentrum Umeå': 0.85, 'Kirurgiskt centrum Sö Lappland': 0.985, 'Ortopedi Ske': 1.1, 'Ortopedi Umeå': 1.06, 'Ögon Ske': 1.008, 'Ögon Umeå': 1.015, 'Öron- näs- och halskirurgi Vb': 0.898}


# ================================================================ derivation
def daterange(a, b):
    d = a
    while d <= b:
        yield d
        d += dt.timedelta(days=1)


def weekday_capacity_weeks(kind):
    """Effective working weeks of the year after the dated cuts, for
    sessions ('or') or first-visit slots ('slots')."""
    total = 0.0
    for d in daterange(dt.date(YEAR, 1, 1), dt.date(YEAR, 12, 31)):
        if d.weekday() >= 5:
            continue
        f = 1.0
        if SUMMER[0] <= d <= SUMMER[1]:
            f *= 1 - SUMMER_CUT
        if kind == "or" and BLOCKADE[0] <= d <= BLOCKADE[1]:
            f *= 1 - BLOCKADE_CUT
        if kind == "or" and STRIKE[0] <= d <= STRIKE[1]:
            f *= 1 - STRIKE_OR_CUT
        if CHRISTMAS[0] <= d <= CHRISTMAS[1]:
            f *= 1 - CHRISTMAS_CUT
        total += f
    return total / 5


def cover(fte, norm, leave):
    return math.floor(fte * (1 - SICK) * (1 - leave) * HOURS_DAY / norm + 1e-9)


def fte_for(beds, norm, leave):
    """Smallest FTE (0.1 steps) that covers `beds`."""
    if beds <= 0:
        return 0.0
    f = beds * norm / ((1 - SICK) * (1 - leave) * HOURS_DAY)
    f = math.floor(f * 10) / 10
    while cover(f, norm, leave) < beds:
        f = round(f + 0.1, 1)
    return f


def staff_rows(u, site, btype, planned, closure, year=YEAR, conflict=True, agency_factor=1.0):
    """The staffing.csv rows of a ward: (role, fte, from, to, agency).
    agency_factor < 1 moves that share of the agency FTE to own staff."""
    rows = []
    if btype == T:
        return rows
    summer = (SUMMER[0].replace(year=year), SUMMER[1].replace(year=year))
    summer_beds = planned - round(planned * closure)
    ag = AGENCY_EXTRA.get(u, AGENCY_SHARE[site]) * agency_factor
    for role, norm in (("nurse", NORM_NURSE), ("assistant_nurse", NORM_AN)):
        # a little slack for assistant nurses: nurses are the binding role
        slack = 0 if role == "nurse" else 1
        f = fte_for(planned + slack, norm, LEAVE_REST)
        fs = fte_for(summer_beds + slack, norm, LEAVE_SUMMER)
        # summer substitutes must not lift the beds above the closure
        while cover(fs, norm, LEAVE_SUMMER) > summer_beds + slack:
            fs = round(fs - 0.1, 1)
        sub = max(0.0, round(fs - f, 1))
        agency = round(f * ag, 1)
        own = round(f - agency, 1)
        rows.append((role, own, None, None, 0))
        if agency > 0:
            rows.append((role, agency, None, None, 1))
        if sub > 0:
            rows.append((role, sub, summer[0], summer[1], 0))
        if role == "nurse" and conflict:
            if u in STRIKE_UNITS:
                rows.append((role, -round(f * STRIKE_NURSE_CUT, 1), STRIKE[0], STRIKE[1], 0))
            if site != "Sjukstugor" and btype == S:
                rows.append((role, -round(f * BLOCKADE_NURSE_CUT, 1), BLOCKADE[0], BLOCKADE[1], 0))
    return rows


def mean_staffed(u, site, btype, planned, closure):
    """Mean staffed beds over the year: the model's rule (docs/staffing.md)
    applied to the rows above, day by day."""
    rows = staff_rows(u, site, btype, planned, closure)
    if not rows:
        return float(planned)
    total = 0
    for d in daterange(dt.date(YEAR, 1, 1), dt.date(YEAR, 12, 31)):
        leave = LEAVE_SUMMER if SUMMER[0] <= d <= SUMMER[1] else LEAVE_REST
        b = planned
        for role, norm in (("nurse", NORM_NURSE), ("assistant_nurse", NORM_AN)):
            fte = sum(r[1] for r in rows if r[0] == role and (r[2] is None or r[2] <= d <= r[3]))
            b = min(b, cover(max(0.0, fte), norm, leave))
        total += b
    return total / DAYS


def derive():
    """Volumes, stays and census of every unit (see the module doc)."""
    out = {}
    # ---- routine treatment volumes from the long waiters (004:149-179)
    n_hear = SEED["hearing_waiting"]
    long_total = n_hear * (1 - TR_SHARE["Utprovning hörapparat"] / 100) / (LONG_SHARE["hörapparat"] / 100)
    p2 = []
    for (u, f, spec, share, treat_p, mins, inp, los, is_op) in P2:
        t = tr_share_of_unit(u)
        long_u = long_total * LONG_SHARE[spec] / 100 * share
        lam = long_u * 365 / 90 * t / (1 - t)
        lam = LAMBDA_OVERRIDE.get((u, f), lam) * CAL_LAMBDA.get(u, 1.0)
        p2.append(dict(unit=u, flow=f, spec=spec, lam=lam, treat_p=treat_p, mins=mins, inp=inp,
                       los=los, op=is_op, t=t, long=long_u))
    # ---- beds: mean staffed, census targets
    units = {}
    for (u, site, btype, planned, closure, rel_occ, rel_los, dp, dd) in BED_UNITS:
        units[u] = dict(name=u, site=site, type=btype, planned=planned, closure=closure,
                        rel_occ=rel_occ, rel_los=rel_los, dp=dp, dd=dd,
                        mean=mean_staffed(u, site, btype, planned, closure))
    hosp = [x for x in units.values() if x["type"] == S and x["site"] != "Sjukstugor"]
    sj = [x for x in units.values() if x["site"] == "Sjukstugor"]
    tech = [x for x in units.values() if x["type"] == T]
    psych = [x for x in units.values() if x["type"] == P]
    mean_h = sum(x["mean"] for x in hosp)
    census_h = SEED["occ_hospital"] / 100 * mean_h
    w = sum(x["mean"] * x["rel_occ"] for x in hosp)
    for x in hosp:
        x["census"] = census_h * x["mean"] * x["rel_occ"] / w
    for x in sj:
        x["census"] = SEED["occ_sjukstugor"] / 100 * x["mean"]
    census_t = SOMATIC_BED_DAYS / DAYS - census_h - sum(x["census"] for x in sj)
    tb = sum(x["planned"] for x in tech)
    for x in tech:
        x["census"] = census_t * x["planned"] / tb
    census_p = PSYCH_BED_DAYS / DAYS
    pb = sum(x["planned"] for x in psych)
    for x in psych:
        x["census"] = census_p * x["planned"] / pb
    # ---- elective bed-days per unit (routine + priority, post-op stay)
    el_bd = {u: 0.0 for u in units}
    el_adm = {u: 0.0 for u in units}
    for x in p2:
        if x["inp"] > 0:
            el_bd[x["unit"]] += x["lam"] * x["inp"] * (x["los"] + x["mins"] / 1440)
            el_adm[x["unit"]] += x["lam"] * x["inp"]
    # priority volumes: the P1 table's weights, scaled so that routine +
    # priority + emergency operations = 34 875 (000:2780); found by fixed
    # point since priority inpatients take bed-days from the acute flows
    w1 = sum(r[2] for r in P1)
    p1_total = w1
    for it in range(200):
        p1 = [dict(unit=r[0], flow=r[1], lam=p1_total * r[2] / w1, treat_p=r[3], mins=r[4],
                   inp=r[5], los=r[6]) for r in P1]
        el_bd1 = dict(el_bd)
        el_adm1 = dict(el_adm)
        for x in p1:
            if x["inp"] > 0:
                el_bd1[x["unit"]] += x["lam"] * x["inp"] * (x["los"] + x["mins"] / 1440)
                el_adm1[x["unit"]] += x["lam"] * x["inp"]
        # acute bed-days and the common LOS scale: sjukstugor and technical
        # units have their own stays; hospital wards share the scale
        births_bd = {u: BIRTHS.get(u, 0) * 2.3 for u in units}
        adm_sj = ADMISSIONS * SEED["sjukstuga_share"] / 100
        adm_t = sum(x["census"] * DAYS / x["rel_los"] for x in tech)
        adm_el = sum(el_adm1[x["name"]] for x in hosp)
        adm_births = sum(BIRTHS.values())
        target_acute = ADMISSIONS - adm_sj - adm_t - adm_el - adm_births
        acute_bd = {x["name"]: x["census"] * DAYS - el_bd1[x["name"]] - births_bd[x["name"]] for x in hosp}
        for k, v in acute_bd.items():
            assert v > 0, f"{k}: planned care fills the beds ({v:.0f} acute bed-days left)"
        lo, hi = 0.5, 20.0
        for _ in range(80):
            s_ = (lo + hi) / 2
            a = sum(acute_bd[x["name"]] / (s_ * x["rel_los"] + x["dp"] * x["dd"]) for x in hosp)
            if a > target_acute:
                lo = s_
            else:
                hi = s_
        scale = (lo + hi) / 2
        for x in hosp:
            x["los"] = scale * x["rel_los"]
            x["acute"] = acute_bd[x["name"]] / (x["los"] + x["dp"] * x["dd"])
            x["treat_p"] = EMERGENCY_OP_P.get(x["name"], 0.0)
        routine_ops = sum(x["lam"] for x in p2 if x["op"])
        births_ops = sum(BIRTHS.values()) * CAESAREAN_P
        emerg = sum(x["acute"] * x["treat_p"] for x in hosp) + births_ops
        new_p1 = SEED["operations"] - emerg - routine_ops
        if abs(new_p1 - p1_total) < 0.5:
            break
        p1_total = 0.5 * p1_total + 0.5 * new_p1
    for x in sj:
        x["acute"] = adm_sj * x["census"] / sum(y["census"] for y in sj)
        x["los"] = x["census"] * DAYS / x["acute"] - x["dp"] * x["dd"]
    for x in tech:
        x["los"] = x["rel_los"]
        x["acute"] = x["census"] * DAYS / x["los"]
    for x in psych:
        x["los"] = x["rel_los"]
        x["acute"] = x["census"] * DAYS / (x["los"] + x["dp"] * x["dd"])
    out["scale_los"] = scale
    out["p1_total"] = p1_total
    out["emergency_ops"] = emerg
    out["routine_ops"] = routine_ops
    out["long_total"] = long_total
    out["units_bed"] = units
    out["p2"] = p2
    out["p1"] = p1
    return out


# ================================================================ writing
def fmt(x, nd=1):
    if x is None or x == "":
        return ""
    if isinstance(x, str):
        return x
    s = f"{x:.{nd}f}"
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    return s


def bins(count_total, w_days, lam_per_year=None, step=30):
    """Uniform ages on [0, w_days]: rows of (from, to, count), rounded so the
    total is kept."""
    rows = []
    edges = list(range(0, int(math.ceil(w_days)), step)) + [w_days]
    acc = 0.0
    done = 0
    for a, b in zip(edges[:-1], edges[1:]):
        if b <= a:
            continue
        acc += count_total * (b - a) / w_days
        n = int(round(acc)) - done
        done += n
        if n > 0:
            rows.append((a, round(b, 1), n))
    return rows


def write_all(d):
    units = d["units_bed"]
    or_weeks = weekday_capacity_weeks("or")
    slot_weeks = weekday_capacity_weeks("slots")
    flows = []       # dict rows
    wait = []
    # ---- acute flows
    for x in units.values():
        base = dict(unit=x["name"], kind="acute", los_cv=1.0 if x["type"] != T else 1.2,
                    dp=x["dp"], dd=x["dd"])
        cal = CAL_ACUTE["technical" if x["type"] == T else "psychiatric" if x["type"] == P else x["site"]]
        name = "intensivvård" if x["type"] == T else "akut"
        if x["name"].startswith("Neonatal"):
            name = "neonatal"
        flows.append(dict(base, flow=name, per_year=x["acute"] * cal, los=x["los"],
                          treat_p=x.get("treat_p", 0.0)))
        if x["name"] in BIRTHS:
            flows.append(dict(unit=x["name"], kind="acute", flow="förlossning",
                              per_year=BIRTHS[x["name"]] * cal, los=2.3, los_cv=0.6, dp=0, dd=0,
                              treat_p=CAESAREAN_P))
    # ---- elective flows: routine + priority + first-visit only
    el = []
    for x in d["p2"]:
        el.append(dict(x, prio=2))
    for x in d["p1"]:
        el.append(dict(x, prio=1, op=True, spec=None))
    unit_el = {}
    for x in el:
        unit_el.setdefault(x["unit"], []).append(x)
    sessions = {}
    slots = {}
    for u, xs in unit_el.items():
        mins = sum(x["lam"] * x["mins"] for x in xs)
        smin = SESSION_MIN.get(u, 240)
        sessions[u] = mins / (smin * CAL_PACKING) / or_weeks * CAL_SESSIONS.get(u, 1.0)
    for x in el:
        r = x["lam"] / x["treat_p"]
        x["referrals"] = r
        flows.append(dict(unit=x["unit"], flow=x["flow"], kind="elective", per_year=r,
                          los=x["los"] if x["inp"] > 0 else None, los_cv=0.7 if x["inp"] > 0 else None,
                          dp=0.02 if x["inp"] > 0 else 0, dd=3 if x["inp"] > 0 else None,
                          treat_p=x["treat_p"], mins=x["mins"], inp=x["inp"], prio=x["prio"],
                          other=not x.get("op", True)))
    for u, r in FV_ONLY.items():
        flows.append(dict(unit=u, flow="remiss", kind="elective", per_year=r, treat_p=0.0,
                          prio=2, los=None))
    ref = {}
    for fl in flows:
        if fl["kind"] == "elective":
            ref[fl["unit"]] = ref.get(fl["unit"], 0) + fl["per_year"]
    for u, r in ref.items():
        slots[u] = r / slot_weeks * CAL_SLOTS.get(u, 1.0)
    # ---- initial waiting lists (waitlist.csv): FIFO in balance
    for fl in flows:
        if fl["kind"] != "elective":
            continue
        u = fl["unit"]
        f = fv_share_of_unit(u)
        if f is None:
            f = BUP_FV_SHARE
        if fl["prio"] == 1:
            wfv, wtr = 14, 21
        else:
            wfv = (90 / f if f < 0.995 else FULL_FV_WAIT) * CAL_FV_WAIT.get(u, 1.0)
            t = tr_share_of_unit(u) or 1.0
            wtr = (90 / t if t < 0.995 else FULL_FV_WAIT) * CAL_TR_WAIT.get(u, 1.0)
        for (a, b, n) in bins(fl["per_year"] * wfv / 365, wfv):
            wait.append((u, fl["flow"], "first_visit", a, b, n))
        if fl["treat_p"] > 0:
            lam = fl["per_year"] * fl["treat_p"]
            for (a, b, n) in bins(lam * wtr / 365, wtr):
                wait.append((u, fl["flow"], "treatment", a, b, n))
    d["sessions"] = sessions
    d["slots"] = slots
    d["flows"] = flows
    d["wait"] = wait
    d["or_weeks"] = or_weeks
    d["slot_weeks"] = slot_weeks
    return d


def unit_rows(d):
    units = d["units_bed"]
    rows = []
    order = [u[0] for u in BED_UNITS]
    allu = {}
    for u in order:
        x = units[u]
        allu[u] = (x["site"], x["type"], x["planned"])
    for (u, site) in NO_BED_UNITS:
        allu[u] = (site, S, 0)
    # physical beds: planned + room for the plans (KAVA, KUA, more beds)
    extra = {"Kirurgcentrum Umeå": 12, "Ortopedi Umeå": 10, "Medicincentrum Umeå": 10}
    site_order = ["NUS", "Skellefteå", "Lycksele", "Sjukstugor"]
    names = sorted(allu, key=lambda u: (site_order.index(allu[u][0]), allu[u][2] == 0, order.index(u) if u in order else 99, u))
    for u in names:
        site, btype, planned = allu[u]
        beds = planned + extra.get(u, 0) + (math.ceil(planned * 0.08) if planned else 0)
        rows.append(dict(unit=u, site=site, beds=beds, staffed=planned,
                         sessions=d["sessions"].get(u, 0.0), smin=SESSION_MIN.get(u, 240) if u in d["sessions"] else None,
                         slots=d["slots"].get(u, 0.0), btype=btype))
    return rows


HEADER_NOTE = "# Generated by derive.py (same folder): edit the assumptions there, not here.\n"


def write_units(rows, levels, name, year):
    with open(os.path.join(HERE, name), "w", encoding="utf-8") as fh:
        fh.write(f"# Region Västerbotten {year}: one row per basenhet, at its site (NUS = Norrlands\n"
                 "# universitetssjukhus, Umeå). staffed_beds = disponibla vårdplatser planned\n"
                 "# before summer; staffing.csv closes beds in summer. Sessions and slots a week\n"
                 "# are derived from the volumes (docs/calibration.md). bed_type: only somatic beds\n"
                 "# count in the disponibla 530 and the 101.7 % (000:2726-2741). clinic and area:\n"
                 "# the organisation's levels (six areas, 003:50, 002:347-351, 000:145); which\n"
                 f"# clinic is in which area is an assumption (derive.py, LEVELS_{year}).\n")
        fh.write(HEADER_NOTE)
        fh.write("unit,site,beds,staffed_beds,or_sessions_per_week,or_session_minutes,visit_slots_per_week,bed_type,clinic,area\n")
        for r in rows:
            clinic, area = levels[r["unit"]]
            fh.write(",".join([r["unit"], r["site"], str(r["beds"]), str(r["staffed"]),
                               fmt(r["sessions"], 1), fmt(r["smin"], 0) if r["smin"] else "",
                               fmt(r["slots"], 1), "" if r["btype"] == S else r["btype"],
                               clinic, area]) + "\n")


def write_csvs(d):
    rows = unit_rows(d)
    assert set(LEVELS_2024) == {r["unit"] for r in rows}, "every unit needs its levels"
    write_units(rows, LEVELS_2024, "units.csv", YEAR)
    write_units(rows, LEVELS_2025, "units-2025.csv", 2025)
    with open(os.path.join(HERE, "flows.csv"), "w", encoding="utf-8") as fh:
        fh.write("# Patient streams. acute: admissions a year (treat_p = share given an emergency\n"
                 "# operation); elective: referrals a year -> first visit -> decision (treat_p) ->\n"
                 "# operation (operation = 0: another treatment, e.g. a hearing-aid fitting).\n"
                 "# Lengths of stay are relative by specialty, scaled so the region's mean stay is\n"
                 "# 5.22 days (000:2722-2723). Every volume is a derived assumption.\n")
        fh.write(HEADER_NOTE)
        fh.write("unit,flow,kind,per_year,los_days,los_cv,discharge_delay_p,discharge_delay_days,"
                 "treat_p,surgery_minutes,inpatient_p,priority,operation\n")
        order = [r["unit"] for r in rows]
        fl = sorted(d["flows"], key=lambda f: (order.index(f["unit"]), f["kind"] != "acute"))
        for f in fl:
            if f["kind"] == "acute":
                cells = [f["unit"], f["flow"], "acute", fmt(f["per_year"], 0), fmt(f["los"], 2),
                         fmt(f["los_cv"], 2), fmt(f["dp"], 2) if f["dp"] else "",
                         fmt(f["dd"], 1) if f["dp"] else "", fmt(f["treat_p"], 2) if f["treat_p"] else "",
                         "", "", "", ""]
            else:
                cells = [f["unit"], f["flow"], "elective", fmt(f["per_year"], 0),
                         fmt(f["los"], 2) if f.get("los") else "", fmt(f.get("los_cv"), 2) if f.get("los") else "",
                         fmt(f.get("dp"), 2) if f.get("los") else "", fmt(f.get("dd"), 1) if f.get("los") else "",
                         fmt(f["treat_p"], 2), fmt(f.get("mins"), 0) if f["treat_p"] > 0 else "",
                         fmt(f.get("inp"), 2) if f["treat_p"] > 0 else "", str(f["prio"]),
                         "0" if f.get("other") else ""]
            fh.write(",".join(cells) + "\n")
    with open(os.path.join(HERE, "waitlist.csv"), "w", encoding="utf-8") as fh:
        fh.write("# Waiting lists on 1 January 2024, binned by days waited. DERIVED, not published:\n"
                 "# each routine list is a clinic in balance serving first come first served, deep\n"
                 "# enough that the share waiting <= 90 days is the clinic's January 2024 share\n"
                 "# (004:187-388); sizes follow the long waiters by specialty (004:149-179) and the\n"
                 "# 2 654 waiting for a hearing aid (002:583-584). docs/calibration.md explains.\n")
        fh.write(HEADER_NOTE)
        fh.write("unit,flow,stage,wait_from_days,wait_to_days,count\n")
        for (u, f, st, a, b, n) in d["wait"]:
            fh.write(f"{u},{f},{st},{fmt(a,1)},{fmt(b,1)},{n}\n")
    with open(os.path.join(HERE, "profiles.csv"), "w", encoding="utf-8") as fh:
        fh.write("# Seasonal factors (assumptions): acute admissions higher in winter, lower in\n"
                 "# summer, most on Mondays; referrals fewer in July and at Christmas.\n"
                 "# The model normalises them so that per_year stays the yearly total.\n")
        fh.write(HEADER_NOTE)
        fh.write("unit,flow,month,weekday,factor\n")
        for name in ["akut"]:
            for m, fct in enumerate(ACUTE_MONTH, 1):
                fh.write(f"*,{name},{m},*,{fct}\n")
            for wd, fct in enumerate(ACUTE_WEEKDAY, 1):
                fh.write(f"*,{name},*,{wd},{fct}\n")
        names = sorted({f["flow"] for f in d["flows"] if f["kind"] == "elective"})
        for name in names:
            for m, fct in enumerate(REFERRAL_MONTH, 1):
                if fct != 1.0:
                    fh.write(f"*,{name},{m},*,{fct}\n")
    write_changes(d)
    write_staffing(d)
    write_2025(d)
    write_plan_tables(d)
    write_ima_plan()


def write_plan_tables(d):
    """The plans' tables that restate baseline rows (so they follow any
    change of the baseline): the conflict undone or prolonged, and the
    agency staff of Lycksele's hospital."""
    plans = os.path.join(os.path.dirname(HERE), "plans")
    units = d["units_bed"]
    rows = []
    for u in [u[0] for u in BED_UNITS]:
        x = units[u]
        rows += [(u,) + r for r in staff_rows(u, x["site"], x["type"], x["planned"], x["closure"])]
    def write(name, lines):
        with open(os.path.join(plans, name), "w", encoding="utf-8") as fh:
            fh.write("\n".join(lines) + "\n")
    gen = "# generated by ../vasterbotten/derive.py from the baseline's rows"
    hospitals = ["NUS", "Skellefteå", "Lycksele"]
    end = dt.date(YEAR, 8, 30)
    c = [gen, "unit,resource,from,to,change,note"]
    c += [f"site:{h},or_sessions_per_week,{STRIKE[1] + dt.timedelta(1)},{end},-{int(BLOCKADE_CUT*100)}%,blockade goes on" for h in hospitals]
    c += [f"site:{h},or_sessions_per_week,{STRIKE[1] + dt.timedelta(1)},{end},-{int(STRIKE_OR_CUT*100)}%,strike goes on" for h in hospitals]
    write("strejk-hela-sommaren.csv", c)
    st = [gen, "# the striking nurses of 11-28 June (a fifth of the nurses of the selected",
          "# surgical and obstetric units), from 29 June", "unit,role,fte,from,to,agency"]
    st += [f"{r[0]},nurse,{fmt(r[2],1)},{STRIKE[1] + dt.timedelta(1)},{end},0"
           for r in rows if r[1] == "nurse" and r[3] == STRIKE[0]]
    write("strejk-hela-sommaren-staff.csv", st)
    undo_b = 100 * (1 / (1 - BLOCKADE_CUT) - 1)
    undo_s = 100 * (1 / (1 - STRIKE_OR_CUT) - 1)
    c = [gen, f"# +{undo_b:.1f} % undoes -{int(BLOCKADE_CUT*100)} %; +{undo_s:.1f} % undoes -{int(STRIKE_OR_CUT*100)} %",
         "unit,resource,from,to,change,note"]
    c += [f"site:{h},or_sessions_per_week,{BLOCKADE[0]},{BLOCKADE[1]},+{undo_b:.4f}%,no blockade" for h in hospitals]
    c += [f"site:{h},or_sessions_per_week,{STRIKE[0]},{STRIKE[1]},+{undo_s:.4f}%,no strike" for h in hospitals]
    write("utan-konflikt.csv", c)
    st = [gen, "# the nurses the strike and the blockade took, given back", "unit,role,fte,from,to,agency"]
    st += [f"{r[0]},nurse,{fmt(-r[2],1)},{r[3]},{r[4]},0" for r in rows if r[1] == "nurse" and r[2] < 0]
    write("utan-konflikt-staff.csv", st)
    st = [gen, "# Lycksele's hospital without agency staff: every agency row removed", "unit,role,fte,from,to,agency"]
    st += [f"{r[0]},{r[1]},{fmt(-r[2],1)},,,1" for r in rows if r[5] == 1 and units[r[0]]["site"] == "Lycksele"]
    write("hyrpersonal-2procent-staff.csv", st)


# The IMA plan (plans/ima.ini) as a pathway: intensive care -> IMA -> ward.
# The reports say that the need for intermediate care beds (IMA) became
# clear in 2024 and that they would be available in 2025 (000:17-18), that
# KAVA is co-located with an intermediate care ward (000:66-67), and that
# NUS opened IMA in 2025 (001:24, 001:120-121). Everything below is an
# assumption: its size, that a share of the intensive care patients of IVA
# NUS step down to it instead of going straight to a ward (and leave IVA
# that much earlier), its stay, and where they go after it.
IMA_BEDS = 8
IMA_STEP_DOWN = 0.4          # of IVA NUS's patients
IMA_DAYS_EARLIER = 2.0       # days less in IVA for those who step down
IMA_STAY = 2.5               # days in IMA (lognormal, CV 1)
IMA_WARDS = [("Medicincentrum Umeå", 0.55), ("Kirurgcentrum Umeå", 0.35)]   # rest: home


def write_ima_plan():
    """plans/ima-*.csv from the baseline's written tables: the baseline's
    units with IMA NUS added (last, so no other unit's order changes), its
    flows with IVA NUS's stay shortened for the patients who step down and
    the wards' own acute arrivals less those that now come by the pathway
    (the baseline counts them there), the pathway, and IMA's staff."""
    plans = os.path.join(os.path.dirname(HERE), "plans")
    gen = "# generated by ../vasterbotten/derive.py (write_ima_plan) from the baseline's tables"

    def table(name):
        with open(os.path.join(HERE, name), encoding="utf-8") as fh:
            return [ln.rstrip("\n") for ln in fh if ln.strip() and not ln.startswith("#")]

    def write(name, lines):
        with open(os.path.join(plans, name), "w", encoding="utf-8") as fh:
            fh.write("\n".join(lines) + "\n")

    units = table("units.csv")
    write("ima-units.csv", [gen, "# + IMA NUS: intermediate care, monitored beds kept apart like IVA's (technical)",
                            *units, f"IMA NUS,NUS,{IMA_BEDS},{IMA_BEDS},0,,0,technical,"
                                    f"IMA NUS,{NSO_UME}"])
    flows = table("flows.csv")
    iva = next(ln.split(",") for ln in flows if ln.startswith("IVA NUS,intensivvård,"))
    iva_year, iva_los = float(iva[3]), float(iva[4])
    out = [gen, f"# IVA NUS: {IMA_STEP_DOWN:.0%} step down to IMA {IMA_DAYS_EARLIER:g} days earlier: "
                f"mean stay {iva_los:g} - {IMA_STEP_DOWN:g} x {IMA_DAYS_EARLIER:g}",
           "# wards: their acute arrivals less the IVA patients who now come through IMA"]
    ward_los = {}
    for ln in flows:
        c = ln.split(",")
        if c[0] == "IVA NUS" and c[1] == "intensivvård":
            c[4] = fmt(iva_los - IMA_STEP_DOWN * IMA_DAYS_EARLIER, 2)
        for (w, share) in IMA_WARDS:
            if c[0] == w and c[1] == "akut":
                ward_los[w] = c[4]
                c[3] = fmt(float(c[3]) - iva_year * IMA_STEP_DOWN * share, 0)
        out.append(",".join(c))
    write("ima-flows.csv", out)
    tr = [gen, "# IVA NUS -> IMA NUS -> ward; the stay on the ward is the ward's own mean.",
          "# A full IMA keeps the patient in IVA (wait); a full ward takes IMA's patient into",
          "# its overcrowding places as it takes the emergency department's (overcrowd).",
          "from_unit,flow,to_unit,p,los_days,los_cv,when_full",
          f"IVA NUS,intensivvård,IMA NUS,{IMA_STEP_DOWN:g},{IMA_STAY:g},1,wait"]
    tr += [f"IMA NUS,intensivvård,{w},{share:g},{ward_los[w]},1,overcrowd" for (w, share) in IMA_WARDS]
    write("ima-transfers.csv", tr)
    st = [gen, f"# enough nurses and assistant nurses for {IMA_BEDS} beds (the norms in [staffing])",
          "unit,role,fte,from,to,agency"]
    for role, norm in (("nurse", NORM_NURSE), ("assistant_nurse", NORM_AN)):
        st.append(f"IMA NUS,{role},{fmt(fte_for(IMA_BEDS, norm, LEAVE_REST), 1)},,,0")
    write("ima-staff.csv", st)


# 2025 (vasterbotten-2025.ini): no conflict; KAVA (8 beds) at Kirurgcentrum
# Umeå and IMA at NUS open (001:23-26, 001:120-121; the opening date 1
# March and IMA's 8 beds, shared by Medicincentrum and Kirurgcentrum, are
# assumptions); KUA is still "i uppstart" at the end of 2025 (001:121), so
# it stays a plan; agency staff down by a sixth, replaced by own staff, as
# the region's agency share fell from 4.4 % to the 3.7 % target
# (002:1375-1378, 001:73-74).
OPEN_2025 = dt.date(2025, 3, 1)
NEW_BEDS_2025 = [("Kirurgcentrum Umeå", 8, "KAVA opens: 8 beds (000:1456-1457; its 4 day places have no night and are not modelled)"),
                 ("Medicincentrum Umeå", 4, "IMA opens: intermediate care; half of its 8 beds (assumption)"),
                 ("Kirurgcentrum Umeå", 4, "IMA opens: intermediate care; half of its 8 beds (assumption)")]
AGENCY_2025 = 3.7 / 4.4
# The COSMIC go-live, moved to April 2025 (000:2370-2380, 002:43-46); 2025
# "was marked by the COSMIC introduction" (001:14-16). A dated production
# dip in first-visit slots and operating sessions at every unit while the
# staff learn the system: ASSUMED to be 30 % in the first two weeks from
# Monday 7 April (the day is an assumption too) and 15 % in the four
# weeks after, as bookings are usually thinned around a go-live.
COSMIC_DIP = [(dt.date(2025, 4, 7), dt.date(2025, 4, 20), 30),
              (dt.date(2025, 4, 21), dt.date(2025, 5, 18), 15)]


def write_2025(d):
    extra_c, extra_s = [], []
    for (u, n, note) in NEW_BEDS_2025:
        extra_c.append(f"{u},staffed_beds,{OPEN_2025},,+{n},{note}")
        for role, norm in (("nurse", NORM_NURSE), ("assistant_nurse", NORM_AN)):
            extra_s.append(f"{u},{role},{fmt(fte_for(n, norm, LEAVE_REST), 1)},{OPEN_2025},,0")
    for (a, b, pct) in COSMIC_DIP:
        for res in ("visit_slots_per_week", "or_sessions_per_week"):
            extra_c.append(f"*,{res},{a},{b},-{pct}%,COSMIC go-live April 2025 (000:2370-2380; depth an assumption)")
    write_changes(d, 2025, False, extra_c, "changes-2025.csv")
    write_staffing(d, 2025, False, AGENCY_2025, extra_s, "staffing-2025.csv")
    write_targets_2025(d)


def month_shares(year, factors):
    """Each month's share of a year's arrivals under monthly factors."""
    w = []
    for m in range(1, 13):
        days = ((dt.date(year + (m == 12), m % 12 + 1, 1)) - dt.date(year, m, 1)).days
        w.append(days * factors[m - 1])
    return [x / sum(w) for x in w]


def write_targets_2025(d):
    """targets-2025.csv: a production plan per unit and month, ASSUMED to
    be the mapped need (behov) the units planned by for 2025 (000:2588-2592,
    003:301): first visits = the referrals expected that month, operations
    = the decisions to operate expected that month plus the emergency
    operations of the acute patients, with the profiles' monthly factors."""
    ref = month_shares(2025, REFERRAL_MONTH)
    acu = month_shares(2025, ACUTE_MONTH)
    fv, ops = {}, {}
    for f in d["flows"]:
        u = f["unit"]
        if f["kind"] == "elective":
            fv[u] = fv.get(u, 0) + f["per_year"]
            if f["treat_p"] > 0 and not f.get("other"):
                ops.setdefault(u, [0.0, 0.0])[0] += f["per_year"] * f["treat_p"]
        elif f.get("treat_p"):
            ops.setdefault(u, [0.0, 0.0])[1] += f["per_year"] * f["treat_p"]
    lines = ["# Production plan 2025 (planerad produktion): the mapped need per unit and month",
             "# (000:2588-2592, 003:301). ASSUMED: first visits = referrals expected that month,",
             "# operations = decisions to operate + emergency operations expected that month",
             "# (profiles' monthly factors). vasterbotten-2025.ini checks it: production.csv.",
             HEADER_NOTE.rstrip("\n"), "unit,month,resource,target"]
    order = [r["unit"] for r in unit_rows(d)]
    for u in order:
        for m in range(12):
            if u in fv:
                lines.append(f"{u},2025-{m + 1:02d},first_visits,{round(fv[u] * ref[m])}")
            if u in ops:
                e, a = ops[u]
                lines.append(f"{u},2025-{m + 1:02d},operations,{round(e * ref[m] + a * acu[m])}")
    with open(os.path.join(HERE, "targets-2025.csv"), "w", encoding="utf-8") as fh:
        fh.write("\n".join(lines) + "\n")


def write_changes(d, year=YEAR, conflict=True, extra=(), name="changes.csv"):
    summer = (SUMMER[0].replace(year=year), SUMMER[1].replace(year=year))
    xmas = (CHRISTMAS[0].replace(year=year), CHRISTMAS[1].replace(year=year))
    lines = [
        f"# Dated capacity changes of {year} for operating sessions and first-visit slots",
        "# (wards close through staffing.csv in summer). Depths are assumptions; dates",
        "# from the seeds.",
        HEADER_NOTE.rstrip("\n"),
        "unit,resource,from,to,change,note",
        f"*,or_sessions_per_week,{summer[0]},{summer[1]},-{int(SUMMER_CUT*100)}%,summer period 1 June-30 August (004:93)",
        f"*,visit_slots_per_week,{summer[0]},{summer[1]},-{int(SUMMER_CUT*100)}%,summer period 1 June-30 August (004:93)",
    ]
    if conflict:
        for site in ["NUS", "Skellefteå", "Lycksele"]:
            lines.append(f"site:{site},or_sessions_per_week,{BLOCKADE[0]},{BLOCKADE[1]},-{int(BLOCKADE_CUT*100)}%,"
                         "Vårdförbundet's overtime blockade from late April (000:343-353)")
        for site in ["NUS", "Skellefteå", "Lycksele"]:
            lines.append(f"site:{site},or_sessions_per_week,{STRIKE[0]},{STRIKE[1]},-{int(STRIKE_OR_CUT*100)}%,"
                         "strike at all three hospitals 11-28 June (002:26-38)")
    lines.append(f"*,or_sessions_per_week,{xmas[0]},{xmas[1]},-{int(CHRISTMAS_CUT*100)}%,Christmas and New Year")
    lines.append(f"*,visit_slots_per_week,{xmas[0]},{xmas[1]},-{int(CHRISTMAS_CUT*100)}%,Christmas and New Year")
    lines.append(f"*,or_sessions_per_week,{year-1}-12-23,{year}-01-06,-{int(CHRISTMAS_CUT*100)}%,Christmas and New Year (warm-up)")
    lines.append(f"*,visit_slots_per_week,{year-1}-12-23,{year}-01-06,-{int(CHRISTMAS_CUT*100)}%,Christmas and New Year (warm-up)")
    lines.extend(extra)
    with open(os.path.join(HERE, name), "w", encoding="utf-8") as fh:
        fh.write("\n".join(lines) + "\n")


def write_staffing(d, year=YEAR, conflict=True, agency_factor=1.0, extra=(), name="staffing.csv"):
    units = d["units_bed"]
    lines = [
        "# Ward staff in full-time equivalents (FTE). Derived: enough nurses and assistant",
        "# nurses for the planned beds outside summer (norms in [staffing]); summer",
        "# substitutes (sommarvikarier) cover the leave of 1 June-30 August (004:93) except",
        "# the unit's summer closure; agency staff (agency = 1) as a share of FTE",
        "# (assumption shaped by 002:347-351, 000:302, 002:1375-1378). Strike and blockade",
        "# are negative rows (002:26-38, 000:343-353). Intensive care has no rows: its",
        "# planned beds hold and its staff cost is [costs] staffed_bed_day.",
        HEADER_NOTE.rstrip("\n"),
        "unit,role,fte,from,to,agency",
    ]
    for u in [u[0] for u in BED_UNITS]:
        x = units[u]
        for (role, fte, a, b, ag) in staff_rows(u, x["site"], x["type"], x["planned"], x["closure"],
                                                year, conflict, agency_factor):
            lines.append(f"{u},{role},{fmt(fte,1)},{a or ''},{b or ''},{ag}")
    lines.extend(extra)
    with open(os.path.join(HERE, name), "w", encoding="utf-8") as fh:
        fh.write("\n".join(lines) + "\n")


def report(d):
    u = d["units_bed"]
    print(f"LOS scale {d['scale_los']:.3f}; long waiters {d['long_total']:.0f}; "
          f"routine ops {d['routine_ops']:.0f}; emergency {d['emergency_ops']:.0f}; priority {d['p1_total']:.0f}")
    for x in u.values():
        print(f"  {x['name']:40s} {x['type'][:4]} planned {x['planned']:3d} mean {x['mean']:6.1f} "
              f"census {x['census']:6.1f} los {x['los']:5.2f} acute {x['acute']:6.0f}")
    print(f"or weeks {d['or_weeks']:.1f}, slot weeks {d['slot_weeks']:.1f}")
    for k, v in sorted(d["sessions"].items()):
        print(f"  sessions {k:40s} {v:5.1f}/week   slots {d['slots'].get(k,0):6.1f}/week")
    # county shares implied by the initial lists
    fvw = fvn = trw = trn = 0
    for (un, f, st, a, b, n) in d["wait"]:
        inside = n * max(0.0, min(b, 90) - a) / (b - a) if b > a else n
        if st == "first_visit" and un != "BUP Västerbotten":
            fvw += inside; fvn += n
        if st == "treatment":
            trw += inside; trn += n
    print(f"initial lists: first visit {fvn} ({100*fvw/fvn:.1f} % within 90), treatment {trn} ({100*trw/trn:.1f} %)")


# ================================================================ tuning
def run_model(pks, reps, out):
    import subprocess
    ini = os.path.join(os.path.dirname(HERE), "vasterbotten-2024.ini")
    subprocess.run([pks, "run", ini, "-r", str(reps), "-q", "--out", out], check=True)
    import csv
    summ = {}
    with open(os.path.join(out, "summary.csv"), encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            summ[(r["scope"], r["name"], r["metric"])] = float(r["mean"]) if r["mean"] not in ("", "nan") else float("nan")
    jan = {}
    with open(os.path.join(out, "monthly.csv"), encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            if r["month"].startswith(f"{YEAR}-01"):
                jan[r["unit"]] = r
    return summ, jan


def pooled_jan(jan, units, stage):
    w = n = 0.0
    k = "waiting_first_visit" if stage == "fv" else "waiting_treatment"
    v = "vg_first_visit_pct" if stage == "fv" else "vg_treatment_pct"
    for u in units:
        r = jan.get(u)
        if r is None or r[v] in ("", "nan"):
            continue
        w += float(r[k]) * float(r[v]) / 100
        n += float(r[k])
    return (w / n if n else float("nan")), n


def tune(pks, rounds, reps):
    """Adjust the CAL_* factors by running the model: first-visit slots and
    sessions so that each list ends the year about where it began, the
    lists' depth so that January 2024 shows the clinic's published share,
    and the acute volumes so that the admitted patients meet the design
    (transfers out are extra arrivals). Rewrites the CAL block."""
    global CAL_ACUTE
    for rnd in range(rounds):
        d = derive()
        write_all(d)
        write_csvs(d)
        out = f"/tmp/pks-tune-{os.getpid()}"
        summ, jan = run_model(pks, reps, out)
        U = lambda u, m: summ.get(("unit", u, m), float("nan"))
        init = {}
        for (u, f, st, a, b, n) in d["wait"]:
            init[(u, st)] = init.get((u, st), 0) + n
        step = 0.7
        for u in d["sessions"]:
            drift = U(u, "waiting_treatment") - init.get((u, "treatment"), 0)
            per_year = sum(x["lam"] for x in d["p2"] + d["p1"] if x["unit"] == u)
            CAL_SESSIONS[u] = CAL_SESSIONS.get(u, 1.0) * (1 + step * drift / per_year)
        for u in d["slots"]:
            drift = U(u, "waiting_first_visit") - init.get((u, "first_visit"), 0)
            per_year = sum(f["per_year"] for f in d["flows"] if f["unit"] == u and f["kind"] == "elective")
            CAL_SLOTS[u] = CAL_SLOTS.get(u, 1.0) * (1 + step * drift / per_year)
        for c, share in FV_SHARE.items():
            if share >= 99:
                continue
            sim, n = pooled_jan(jan, CLINIC_UNITS[c], "fv")
            if n > 0 and sim > 0:
                for u in CLINIC_UNITS[c]:
                    CAL_FV_WAIT[u] = CAL_FV_WAIT.get(u, 1.0) * (sim / (share / 100)) ** step
        for c, share in TR_SHARE.items():
            if share >= 99:
                continue
            sim, n = pooled_jan(jan, tr_units(c), "tr")
            if n > 0 and sim > 0:
                for u in tr_units(c):
                    CAL_TR_WAIT[u] = CAL_TR_WAIT.get(u, 1.0) * (sim / (share / 100)) ** step
        # routine volumes: the long waiters of 31 January by unit, against the
        # seed's shares (004:149-179) of the total the hearing list implies
        want_long = {}
        for x in d["p2"]:
            want_long[x["unit"]] = want_long.get(x["unit"], 0.0) + x["long"]
        for u, want in want_long.items():
            if want < 50 or "hörapparat" in u.lower() or u == "Hörcentralen Lycksele":
                continue   # the anchor, and lists too small to steer by
            r = jan.get(u)
            got = float(r["waiting_treatment"]) * (1 - float(r["vg_treatment_pct"]) / 100)
            CAL_LAMBDA[u] = CAL_LAMBDA.get(u, 1.0) * (want / got) ** (0.5 * step)
        groups = {}
        for x in d["units_bed"].values():
            g = "technical" if x["type"] == T else "psychiatric" if x["type"] == P else x["site"]
            want = x["acute"] + BIRTHS.get(x["name"], 0)
            got = U(x["name"], "acute_admissions")
            a = groups.setdefault(g, [0.0, 0.0])
            a[0] += want
            a[1] += got
        for g, (want, got) in groups.items():
            CAL_ACUTE[g] = CAL_ACUTE[g] * (want / got) ** step
        print(f"round {rnd}: " + ", ".join(f"{g} {got/want:.3f}" for g, (want, got) in groups.items()))
    save_cal()
    d = derive()
    write_all(d)
    write_csvs(d)


def save_cal():
    src = open(__file__, encoding="utf-8").read()
    a = src.index("CAL_ACUTE = {")
    b = src.index("# ================================================================ derivation")
    r = lambda x: round(x, 3)
    block = ("CAL_ACUTE = {" + ", ".join(f"{k!r}: {r(v)}" for k, v in CAL_ACUTE.items()) + "}\n"
             "CAL_SESSIONS = {" + ", ".join(f"{k!r}: {r(v)}" for k, v in sorted(CAL_SESSIONS.items())) + "}\n"
             f"CAL_PACKING = {CAL_PACKING}\n"
             "CAL_FV_WAIT = {" + ", ".join(f"{k!r}: {r(v)}" for k, v in sorted(CAL_FV_WAIT.items())) + "}\n"
             "CAL_TR_WAIT = {" + ", ".join(f"{k!r}: {r(v)}" for k, v in sorted(CAL_TR_WAIT.items())) + "}\n"
             "CAL_SLOTS = {" + ", ".join(f"{k!r}: {r(v)}" for k, v in sorted(CAL_SLOTS.items())) + "}\n"
             "CAL_LAMBDA = {" + ", ".join(f"{k!r}: {r(v)}" for k, v in sorted(CAL_LAMBDA.items())) + "}\n\n\n")
    open(__file__, "w", encoding="utf-8").write(src[:a] + block + src[b:])


if __name__ == "__main__":
    import sys
    if len(sys.argv) > 1 and sys.argv[1] == "--tune":
        # derive.py --tune PKS [ROUNDS] [REPLICATIONS]
        tune(sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 4,
             int(sys.argv[4]) if len(sys.argv) > 4 else 6)
    d = derive()
    write_all(d)
    write_csvs(d)
    report(d)
