//! The municipalities' outlines turned into the few lines the map draws: the land's edge
//! (coast and national border) as closed rings, and the county borders as open lines.
//!
//! The outlines share their borders point for point (each edge is used by one municipality at
//! the coast, by two inland), so the land is the set of edges used once, and a county border
//! an edge used by two municipalities of different counties. Those edges are chained into arcs
//! between junctions, and each arc is simplified (Ramer–Douglas–Peucker) once: the land and the
//! borders that meet at a junction keep meeting there, and neighbours never gap. Rings are
//! filled even-odd, so how the arcs are paired at a point where two rings touch does not
//! change what is filled.

use rustc_hash::FxHashMap;
use serde::Deserialize;

use super::project::{Frame, utm33};

/// Kartverket's outlines of the 357 municipalities (see data/README.md).
const GEOJSON: &str = include_str!("../../data/robhop-Kommuner-S.geojson");

#[derive(Deserialize)]
struct Collection {
    features: Vec<Feature>,
}

#[derive(Deserialize)]
struct Feature {
    properties: Properties,
    geometry: Geometry,
}

#[derive(Deserialize)]
struct Properties {
    kommunenummer: String,
}

type Ring = Vec<[f64; 2]>;

#[derive(Deserialize)]
#[serde(tag = "type", content = "coordinates")]
enum Geometry {
    Polygon(Vec<Ring>),
    MultiPolygon(Vec<Vec<Ring>>),
}

/// A point in drawing units, rounded.
pub type Point = (i32, i32);

/// What the map draws, in the units of `frame`.
pub struct Outline {
    pub frame: Frame,
    /// Closed rings (first point = last), to be filled even-odd.
    pub land: Vec<Vec<Point>>,
    /// Open lines between counties.
    pub borders: Vec<Vec<Point>>,
}

/// How finely the outline is drawn.
pub struct Detail {
    /// Width of the drawing in units (the height follows from the country's shape).
    pub width: u32,
    pub margin: u32,
    /// Largest distance (units) a simplified line may stray from the original.
    pub tolerance: f64,
    /// Rings smaller than this (square units) are dropped: islands too small to see.
    pub min_area: f64,
}

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Land,
    County,
}

/// The shared points of all outlines (projected, metres) and the edges worth drawing.
struct Topology {
    points: Vec<(f64, f64)>,
    /// Per point: (neighbour, index into `kinds`).
    adjacent: Vec<Vec<(u32, usize)>>,
    kinds: Vec<Kind>,
}

/// A chain of edges between two junctions (or a ring with none), as point indices.
struct Arc {
    points: Vec<u32>,
    kind: Kind,
}

pub fn outline(detail: &Detail) -> Outline {
    // The file is embedded and a test parses it; were it ever unreadable, the map is empty.
    let features = serde_json::from_str::<Collection>(GEOJSON)
        .map(|c| c.features)
        .unwrap_or_default();
    let topology = topology(&features);
    let (min, max) = bounds(&topology.points);
    let frame = Frame::fitting(min, max, detail.width, detail.margin);
    let mut land_arcs = Vec::new();
    let mut borders = Vec::new();
    for arc in arcs(&topology) {
        let placed: Vec<(f64, f64)> = arc
            .points
            .iter()
            .map(|&p| frame.place(topology.points[p as usize]))
            .collect();
        let line = rounded(&simplify(&placed, detail.tolerance));
        let ends = (arc.points[0], arc.points[arc.points.len() - 1]);
        match arc.kind {
            Kind::Land => land_arcs.push((ends, line)),
            Kind::County if line.len() > 1 => borders.push(line),
            Kind::County => {}
        }
    }
    let land = rings(land_arcs)
        .into_iter()
        .filter(|ring| area(ring).abs() >= detail.min_area)
        .collect();
    Outline {
        frame,
        land,
        borders,
    }
}

fn topology(features: &[Feature]) -> Topology {
    let mut index: FxHashMap<(u64, u64), u32> = FxHashMap::default();
    let mut points = Vec::new();
    // Per edge (lower point, higher point): how many outlines use it, and the county of each.
    let mut edges: FxHashMap<(u32, u32), (u8, [u8; 2], bool)> = FxHashMap::default();
    for feature in features {
        let county = feature.properties.kommunenummer.as_bytes();
        let county = [
            county.first().copied().unwrap_or(0),
            county.get(1).copied().unwrap_or(0),
        ];
        let polygons = match &feature.geometry {
            Geometry::Polygon(rings) => std::slice::from_ref(rings),
            Geometry::MultiPolygon(polygons) => polygons.as_slice(),
        };
        for ring in polygons.iter().flatten() {
            let ids: Vec<u32> = ring
                .iter()
                .map(|&[lon, lat]| {
                    *index
                        .entry((lon.to_bits(), lat.to_bits()))
                        .or_insert_with(|| {
                            points.push(utm33(lon, lat));
                            // Fewer than 2^32 points in an embedded file of 1.3 MB.
                            (points.len() - 1) as u32
                        })
                })
                .collect();
            for pair in ids.windows(2) {
                let (a, b) = (pair[0].min(pair[1]), pair[0].max(pair[1]));
                if a == b {
                    continue;
                }
                let entry = edges.entry((a, b)).or_insert((0, county, false));
                entry.0 = entry.0.saturating_add(1);
                entry.2 |= entry.1 != county;
            }
        }
    }
    let mut adjacent = vec![Vec::new(); points.len()];
    let mut kinds = Vec::new();
    let mut kept: Vec<_> = edges
        .into_iter()
        .filter_map(
            |((a, b), (count, _, two_counties))| match (count, two_counties) {
                (1, _) => Some((a, b, Kind::Land)),
                (2, true) => Some((a, b, Kind::County)),
                _ => None,
            },
        )
        .collect();
    // A hash map's order differs from run to run; the drawing must not.
    kept.sort_unstable_by_key(|&(a, b, _)| (a, b));
    for (a, b, kind) in kept {
        adjacent[a as usize].push((b, kinds.len()));
        adjacent[b as usize].push((a, kinds.len()));
        kinds.push(kind);
    }
    Topology {
        points,
        adjacent,
        kinds,
    }
}

fn bounds(points: &[(f64, f64)]) -> ((f64, f64), (f64, f64)) {
    let mut min = (f64::INFINITY, f64::INFINITY);
    let mut max = (f64::NEG_INFINITY, f64::NEG_INFINITY);
    for &(x, y) in points {
        min = (min.0.min(x), min.1.min(y));
        max = (max.0.max(x), max.1.max(y));
    }
    if points.is_empty() {
        ((0.0, 0.0), (1.0, 1.0))
    } else {
        (min, max)
    }
}

/// The drawn edges chained into arcs that end where lines meet or the kind of line changes.
fn arcs(t: &Topology) -> Vec<Arc> {
    let junction = |p: u32| {
        let around = &t.adjacent[p as usize];
        around.len() != 2 || t.kinds[around[0].1] != t.kinds[around[1].1]
    };
    let mut used = vec![false; t.kinds.len()];
    let mut arcs = Vec::new();
    let mut walk = |start: u32, first_edge: (u32, usize), used: &mut Vec<bool>| {
        let kind = t.kinds[first_edge.1];
        let mut points = vec![start];
        let (mut at, mut edge) = first_edge;
        loop {
            used[edge] = true;
            points.push(at);
            if at == start || junction(at) {
                break;
            }
            match t.adjacent[at as usize].iter().find(|&&(_, e)| !used[e]) {
                Some(&(next, e)) => (at, edge) = (next, e),
                None => break,
            }
        }
        arcs.push(Arc { points, kind });
    };
    // Arcs from every junction first, then the rings that have none (most islands).
    for pass_junctions in [true, false] {
        for start in 0..t.points.len() as u32 {
            if pass_junctions != junction(start) {
                continue;
            }
            for i in 0..t.adjacent[start as usize].len() {
                let next = t.adjacent[start as usize][i];
                if !used[next.1] {
                    walk(start, next, &mut used);
                }
            }
        }
    }
    arcs
}

/// Ramer–Douglas–Peucker: the points a line cannot lose without straying more than
/// `tolerance` from where it was; the ends always stay.
fn simplify(line: &[(f64, f64)], tolerance: f64) -> Vec<(f64, f64)> {
    let Some(last) = line.len().checked_sub(1) else {
        return Vec::new();
    };
    let mut keep = vec![false; line.len()];
    keep[0] = true;
    keep[last] = true;
    let mut spans = vec![(0, last)];
    while let Some((first, last)) = spans.pop() {
        let farthest = (first + 1..last)
            .map(|i| (distance_to_segment(line[i], line[first], line[last]), i))
            .max_by(|a, b| a.0.total_cmp(&b.0));
        if let Some((distance, i)) = farthest
            && distance > tolerance
        {
            keep[i] = true;
            spans.push((first, i));
            spans.push((i, last));
        }
    }
    line.iter()
        .zip(keep)
        .filter_map(|(&p, k)| k.then_some(p))
        .collect()
}

fn distance_to_segment(p: (f64, f64), a: (f64, f64), b: (f64, f64)) -> f64 {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let length2 = dx * dx + dy * dy;
    let t = if length2 == 0.0 {
        0.0
    } else {
        (((p.0 - a.0) * dx + (p.1 - a.1) * dy) / length2).clamp(0.0, 1.0)
    };
    ((p.0 - a.0 - t * dx).powi(2) + (p.1 - a.1 - t * dy).powi(2)).sqrt()
}

/// Rounded to whole units, without repeating a point.
fn rounded(line: &[(f64, f64)]) -> Vec<Point> {
    let mut out: Vec<Point> = Vec::with_capacity(line.len());
    for &(x, y) in line {
        // Drawing units lie within the frame, a few hundred units across.
        let p = (x.round() as i32, y.round() as i32);
        if out.last() != Some(&p) {
            out.push(p);
        }
    }
    out
}

/// The land arcs joined end to end into closed rings.
fn rings(arcs: Vec<((u32, u32), Vec<Point>)>) -> Vec<Vec<Point>> {
    let mut at_end: FxHashMap<u32, Vec<usize>> = FxHashMap::default();
    for (i, ((start, end), _)) in arcs.iter().enumerate() {
        at_end.entry(*start).or_default().push(i);
        at_end.entry(*end).or_default().push(i);
    }
    let mut used = vec![false; arcs.len()];
    let mut rings = Vec::new();
    for first in 0..arcs.len() {
        if used[first] {
            continue;
        }
        used[first] = true;
        let ((start, mut end), line) = (arcs[first].0, &arcs[first].1);
        let mut ring = line.clone();
        while end != start {
            let Some(&next) = at_end
                .get(&end)
                .and_then(|candidates| candidates.iter().find(|&&i| !used[i]))
            else {
                break;
            };
            used[next] = true;
            let ((a, b), line) = &arcs[next];
            if *a == end {
                ring.extend(line.iter().skip(1));
                end = *b;
            } else {
                ring.extend(line.iter().rev().skip(1));
                end = *a;
            }
        }
        if ring.len() > 3 {
            rings.push(ring);
        }
    }
    rings
}

/// Signed area (shoelace) of a closed ring, in square units.
fn area(ring: &[Point]) -> f64 {
    let twice: i64 = ring
        .windows(2)
        .map(|w| i64::from(w[0].0) * i64::from(w[1].1) - i64::from(w[1].0) * i64::from(w[0].1))
        .sum();
    twice as f64 / 2.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_outlines_parse_and_share_their_borders() {
        let features = serde_json::from_str::<Collection>(GEOJSON)
            .unwrap()
            .features;
        assert_eq!(features.len(), 357);
        let t = topology(&features);
        let counted = |kind| t.kinds.iter().filter(|&&k| k == kind).count();
        // Edges used once (the land's edge) and between counties; were the borders not shared
        // point for point, every inland edge would count as land and the first figure explode.
        assert!((15_000..17_000).contains(&counted(Kind::Land)));
        assert!((1_000..1_400).contains(&counted(Kind::County)));
    }

    #[test]
    fn simplify_keeps_the_ends_and_what_strays_too_far() {
        let line = [
            (0.0, 0.0),
            (1.0, 0.1),
            (2.0, -0.1),
            (3.0, 5.0),
            (4.0, 6.0),
            (8.0, 0.0),
        ];
        assert_eq!(
            simplify(&line, 0.7),
            [(0.0, 0.0), (2.0, -0.1), (4.0, 6.0), (8.0, 0.0)]
        );
        assert_eq!(simplify(&line, 100.0), [(0.0, 0.0), (8.0, 0.0)]);
    }

    #[test]
    fn arcs_join_into_rings_whichever_way_they_run() {
        let arcs = vec![
            ((1, 2), vec![(0, 0), (4, 0)]),
            ((3, 2), vec![(4, 4), (4, 0)]),
            ((3, 1), vec![(4, 4), (0, 4), (0, 0)]),
        ];
        let ring = &rings(arcs)[0];
        assert_eq!(ring, &[(0, 0), (4, 0), (4, 4), (0, 4), (0, 0)]);
        assert_eq!(area(ring).abs(), 16.0);
    }
}
