/**
 * The model catalogue: every model with typed, checked fields, in the order the node lists them.
 * Add a model by adding its file here; everything else (fields, checks, body, README table,
 * simulator rules) follows from its entry.
 */
import { seedream45 } from './doubao-seedream-4.5';
import { nanoBanana } from './gemini-2.5-flash-image';
import { nanoBananaPro } from './gemini-3-pro-image-preview';
import { nanoBanana2 } from './gemini-3.1-flash-image-preview';
import { gpt4oImage } from './gpt-4o-image';
import { gptImage15 } from './gpt-image-1.5';
import { gptImage2 } from './gpt-image-2';
import { klingO3ImageToVideo, klingV3TextToVideo } from './kling';
import { hailuo23 } from './minimax-hailuo-2.3';
import { qwenImageEdit, qwenImageEditPlus } from './qwen-image-edit';
import { seedance2FastImageToVideo, seedance2FastTextToVideo, seedance2ImageToVideo, seedance2TextToVideo } from './seedance-2.0';
import { sora2Preview } from './sora-2-preview';
import { sunoV5 } from './suno-v5-beta';
import { veo31Fast, veo31Pro } from './veo3.1';
import { wan27ImageToVideo, wan27TextToVideo } from './wan2.7';
import type { ModelEntry, OutputKind } from './types';

export const MODELS: readonly ModelEntry[] = [
	gpt4oImage,
	gptImage15,
	gptImage2,
	nanoBanana,
	nanoBanana2,
	nanoBananaPro,
	seedream45,
	qwenImageEdit,
	qwenImageEditPlus,
	veo31Fast,
	veo31Pro,
	seedance2TextToVideo,
	seedance2ImageToVideo,
	seedance2FastTextToVideo,
	seedance2FastImageToVideo,
	klingV3TextToVideo,
	klingO3ImageToVideo,
	sora2Preview,
	wan27TextToVideo,
	wan27ImageToVideo,
	hailuo23,
	sunoV5,
];

/** The Model choice for any other model: its id is typed in, its body given as JSON. */
export const OTHER_MODEL = 'other';

export function modelById(id: string): ModelEntry | undefined {
	return MODELS.find((model) => model.id === id);
}

export function modelsFor(output: OutputKind): ModelEntry[] {
	return MODELS.filter((model) => model.output === output);
}

export type { ModelEntry, ModelField, OutputKind } from './types';
