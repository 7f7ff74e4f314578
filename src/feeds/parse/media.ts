// Media RSS (media:content, media:thumbnail, media:group) and itunes:image, shared by the RSS and
// Atom mappers: they add enclosures and image candidates to a raw item.
import type { RawItem } from "./item.ts";
import { toLength } from "./item.ts";
import { childrenNamed, elements, type XmlNode } from "./xml.ts";

const MEDIA = ["media"];

function isImage(n: XmlNode): boolean {
  const medium = (n.attrs.medium ?? "").toLowerCase();
  const type = (n.attrs.type ?? "").toLowerCase();
  return medium === "image" || type.startsWith("image/");
}

function readMediaIn(node: XmlNode, raw: RawItem, thumbs: string[], images: string[]): void {
  for (const c of elements(node)) {
    if (c.ns !== "media") continue;
    if (c.local === "thumbnail" && c.attrs.url) thumbs.push(c.attrs.url);
    else if (c.local === "content" && c.attrs.url) {
      raw.enclosures.push({
        url: c.attrs.url,
        type: c.attrs.type?.trim() || null,
        length: toLength(c.attrs.filesize),
      });
      if (isImage(c)) images.push(c.attrs.url);
      // thumbnails may sit inside media:content too
      for (const t of childrenNamed(c, MEDIA, "thumbnail"))
        if (t.attrs.url) thumbs.push(t.attrs.url);
    } else if (c.local === "group") readMediaIn(c, raw, thumbs, images);
  }
}

export function readMedia(item: XmlNode, raw: RawItem): void {
  const thumbs: string[] = [];
  const images: string[] = [];
  readMediaIn(item, raw, thumbs, images);
  for (const c of childrenNamed(item, ["itunes"], "image"))
    if (c.attrs.href) images.push(c.attrs.href);
  raw.images.push(...thumbs, ...images);
}
