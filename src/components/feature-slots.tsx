/**
 * Where one feature shows another's piece: the slot's props here, the piece given by
 * `src/app` (which may import every feature), so features never import each other. A
 * slot left empty (a feature rendered alone, in a test) shows nothing.
 */
import { createContext, useContext, type ComponentType } from 'react';
import type { CardPatch } from '../core/edits';
import { type ModelCard, type VramEstimate } from '../core/types';
import type { FileReading } from './read-file';

/** A card's estimate panel (`features/estimate`), shown in the cards editor. */
export interface EstimateSlotProps {
  readonly index: number;
  readonly card: ModelCard;
  /** The model file being read or read (dropped on the card or the page, or picked here). */
  readonly reading: FileReading | null;
  /** Read a file for this card (the caller reads it and hands the reading back). */
  readonly onFile: (file: File, before: VramEstimate | null) => void;
  /** How a figure is put on the card (default: an edit of card `index`); true when it was. */
  readonly apply?: (patch: CardPatch) => Promise<boolean>;
  readonly onDone?: () => void;
}

/** The dialog for a model file dropped on the page (`features/estimate`), opened by import/export. */
export interface ModelFileSlotProps {
  readonly file: File;
  readonly onClose: () => void;
}

export interface FeatureSlots {
  readonly EstimatePanel: ComponentType<EstimateSlotProps> | null;
  readonly ModelFileDialog: ComponentType<ModelFileSlotProps> | null;
}

const Slots = createContext<FeatureSlots>({ EstimatePanel: null, ModelFileDialog: null });

export const FeatureSlotsProvider = Slots.Provider;

export const useFeatureSlots = (): FeatureSlots => useContext(Slots);
