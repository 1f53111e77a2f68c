import sharp from 'sharp';

/**
 * Scenes the demo cameras "upload": solid shapes the generated fixture model recognises (red =
 * person, blue = car, green = dog; see libs/testing/src/fixtures/fixtureModel.ts), a white licence
 * plate with dark text on every car (read by the enrichment service's PP-OCRv4 step), and a
 * camera-style timestamp, so no two uploads have the same bytes.
 */
export type DemoObject = 'person' | 'car' | 'dog';

export interface DemoScene {
  objects: DemoObject[];
  night: boolean;
  plate: string | null;
  /** Where each object went, top-left x/y and size, in image pixels. */
  boxes: Array<{ object: DemoObject; x: number; y: number; width: number; height: number }>;
}

const WIDTH = 1280;
const HEIGHT = 720;
const COLOUR: Record<DemoObject, string> = { person: '#ff0000', car: '#0000ff', dog: '#00ff00' };
const SIZE: Record<DemoObject, [number, number]> = { person: [120, 300], car: [440, 230], dog: [150, 100] };
const PLATES = ['KX 4821', 'BD 5173', 'LM 3096', 'HT 7245', 'RW 6610'];
// Night keeps the shapes above the fixture model's colour margin (a channel must beat the others by
// half the range): 0.75 brightness leaves red at 191 against 0.
const NIGHT_BRIGHTNESS = 0.75;

/** The object mixes the demo cycles through: one or two objects, a car in most of them. */
const MIXES: DemoObject[][] = [['car'], ['person'], ['person', 'car'], ['dog'], ['car', 'dog']];

export function planScene(tick: number, random: () => number = Math.random): DemoScene {
  const objects = MIXES[tick % MIXES.length];
  const night = Math.floor(tick / MIXES.length) % 2 === 1;
  // Objects stand in separate vertical thirds, jittered so that no object is ever stationary.
  const boxes = objects.map((object, index) => {
    const [width, height] = SIZE[object];
    const laneWidth = WIDTH / objects.length;
    const x = Math.round(index * laneWidth + random() * Math.max(0, laneWidth - width - 20)) + 10;
    const y = Math.round(120 + random() * (HEIGHT - height - 160));
    return { object, x, y, width, height };
  });
  const plate = objects.includes('car') ? PLATES[Math.floor(random() * PLATES.length)] : null;
  return { objects, night, plate, boxes };
}

function plateSvg(box: DemoScene['boxes'][number], plate: string): string {
  const plateWidth = 220;
  const plateX = box.x + (box.width - plateWidth) / 2;
  const plateY = box.y + box.height - 80;
  return (
    `<rect x="${plateX}" y="${plateY}" width="${plateWidth}" height="54" fill="#ffffff" stroke="#000000" stroke-width="3"/>` +
    `<text x="${plateX + plateWidth / 2}" y="${plateY + 40}" font-family="DejaVu Sans Mono, monospace" font-weight="bold" ` +
    `font-size="38" text-anchor="middle" fill="#000000">${plate}</text>`
  );
}

export async function renderScene(scene: DemoScene, cameraName: string, at: Date): Promise<Buffer> {
  const background = scene.night ? '#24282e' : '#6b7078';
  const shapes = scene.boxes.map((b) => `<rect x="${b.x}" y="${b.y}" width="${b.width}" height="${b.height}" fill="${COLOUR[b.object]}"/>`);
  const car = scene.boxes.find((b) => b.object === 'car');
  const stamp = `${cameraName}  ${at.toISOString().replace('T', ' ').slice(0, 19)}`;
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}">` +
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="${background}"/>` +
    `<rect y="${HEIGHT - 140}" width="${WIDTH}" height="140" fill="#3a3a3a"/>` +
    shapes.join('') +
    (car && scene.plate ? plateSvg(car, scene.plate) : '') +
    `<text x="20" y="40" font-family="DejaVu Sans Mono, monospace" font-size="24" fill="#f0f0f0">${stamp}</text>` +
    `</svg>`;
  const image = sharp(Buffer.from(svg));
  const lit = scene.night ? image.modulate({ brightness: NIGHT_BRIGHTNESS }) : image;
  // 4:4:4 keeps the colour edges (and the plate's characters) sharp.
  return lit.jpeg({ quality: 90, chromaSubsampling: '4:4:4' }).toBuffer();
}
