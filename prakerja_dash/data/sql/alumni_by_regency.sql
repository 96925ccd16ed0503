-- Alumni per regency (every regency, zero where none match), with population.
WITH base AS (
    SELECT * FROM filtered_alumni(
        $regencies, $wave_min, $wave_max, $year_min, $year_max,
        $gender, $age_bands, $education, $categories, $statuses
    )
),

per_regency AS (
    SELECT regency_code, count(*) AS n_alumni
    FROM base
    GROUP BY regency_code
),

final AS (
    SELECT
        r.bps_code AS regency_code,
        r.name,
        r.population,
        coalesce(p.n_alumni, 0) AS n_alumni
    FROM regencies AS r
    LEFT JOIN per_regency AS p ON p.regency_code = r.bps_code
)

SELECT * FROM final
ORDER BY regency_code
