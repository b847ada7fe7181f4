//! From WGS84 degrees to the map's drawing units: UTM zone 33 (EPSG:25833, the projection
//! Kartverket's maps of the whole country use), then scaled into a portrait viewBox.
//!
//! UTM is the transverse Mercator of the GRS80 ellipsoid in Krüger's series to the third order
//! of the flattening (Karney 2011, eq. 35), exact to well under a metre across Norway; at the
//! map's scale (about 3 km a unit) a spherical formula would do, but this one is no longer.

/// GRS80 semi-major axis (metres) and flattening, the ellipsoid of ETRS89.
const A: f64 = 6_378_137.0;
const F: f64 = 1.0 / 298.257_222_101;
/// UTM's scale on the central meridian and zone 33's central meridian (degrees east).
const K0: f64 = 0.9996;
const LON0: f64 = 15.0;
const FALSE_EASTING: f64 = 500_000.0;

/// Easting and northing (metres) of a WGS84 point in UTM zone 33.
pub fn utm33(lon: f64, lat: f64) -> (f64, f64) {
    let n = F / (2.0 - F);
    let rectifying = A / (1.0 + n) * (1.0 + n * n / 4.0 + n.powi(4) / 64.0);
    let alpha = [
        n / 2.0 - 2.0 * n * n / 3.0 + 5.0 * n.powi(3) / 16.0,
        13.0 * n * n / 48.0 - 3.0 * n.powi(3) / 5.0,
        61.0 * n.powi(3) / 240.0,
    ];
    let phi = lat.to_radians();
    let lambda = (lon - LON0).to_radians();
    let e2n = 2.0 * n.sqrt() / (1.0 + n);
    let t = (phi.sin().atanh() - e2n * (e2n * phi.sin()).atanh()).sinh();
    let xi = t.atan2(lambda.cos());
    let eta = (lambda.sin() / (1.0 + t * t).sqrt()).atanh();
    let (mut e, mut north) = (eta, xi);
    for (j, a) in alpha.iter().enumerate() {
        let k = 2.0 * (j + 1) as f64;
        e += a * (k * xi).cos() * (k * eta).sinh();
        north += a * (k * xi).sin() * (k * eta).cosh();
    }
    (FALSE_EASTING + K0 * rectifying * e, K0 * rectifying * north)
}

/// Drawing units of the map: x to the right, y down, the whole country inside
/// `0..width` × `0..height` with a margin.
#[derive(Debug, Clone, Copy)]
pub struct Frame {
    pub width: u32,
    pub height: u32,
    scale: f64,
    min_easting: f64,
    max_northing: f64,
    margin: f64,
}

impl Frame {
    /// The frame that fits projected points spanning `min`..`max` (easting, northing) into
    /// `width` units across, keeping `margin` units free on every side.
    pub fn fitting(min: (f64, f64), max: (f64, f64), width: u32, margin: u32) -> Frame {
        let margin = f64::from(margin);
        let span = (max.0 - min.0).max(1.0);
        let scale = (f64::from(width) - 2.0 * margin) / span;
        let height = ((max.1 - min.1) * scale + 2.0 * margin).ceil();
        Frame {
            width,
            // At most a few thousand units for any input, so the cast cannot truncate.
            height: height.clamp(1.0, f64::from(u32::MAX)) as u32,
            scale,
            min_easting: min.0,
            max_northing: max.1,
            margin,
        }
    }

    /// A projected point (metres) in drawing units.
    pub fn place(&self, (easting, northing): (f64, f64)) -> (f64, f64) {
        (
            self.margin + (easting - self.min_easting) * self.scale,
            self.margin + (self.max_northing - northing) * self.scale,
        )
    }

    /// A WGS84 point in drawing units.
    pub fn place_lon_lat(&self, lon: f64, lat: f64) -> (f64, f64) {
        self.place(utm33(lon, lat))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utm33_agrees_with_known_coordinates() {
        // The central meridian's false easting, and the scale there (k0 times the meridian arc).
        let (e, n) = utm33(15.0, 0.0);
        assert!((e - 500_000.0).abs() < 1e-6 && n.abs() < 1e-6);
        // Reference values from PROJ 9.1 (`cs2cs EPSG:4258 EPSG:25833`): Oslo, Vardø, and a
        // point off the west coast, 10 degrees west of the central meridian.
        for ((lon, lat), (e0, n0)) in [
            ((10.75, 59.91), (262_409.73, 6_649_017.75)),
            ((31.11, 70.37), (1_097_833.05, 7_886_942.08)),
            ((5.0, 58.0), (-89_765.61, 6_472_530.46)),
        ] {
            let (e, n) = utm33(lon, lat);
            assert!((e - e0).abs() < 0.01 && (n - n0).abs() < 0.01, "{e} {n}");
        }
    }

    #[test]
    fn a_frame_keeps_its_margin_and_puts_north_up() {
        let frame = Frame::fitting((0.0, 0.0), (1000.0, 2000.0), 104, 2);
        assert_eq!((frame.width, frame.height), (104, 204));
        assert_eq!(frame.place((0.0, 2000.0)), (2.0, 2.0));
        assert_eq!(frame.place((1000.0, 0.0)), (102.0, 202.0));
    }
}
