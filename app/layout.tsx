import type { Metadata, Viewport } from 'next';
import { connection } from 'next/server';
import { env } from '@/lib/env';
import './globals.css';

const description = 'Meetings with breakout rooms you can host yourself.';

// Read per request (not at build time), so one build serves any APP_URL: social cards need absolute URLs.
export function generateMetadata(): Metadata {
  return {
    metadataBase: new URL(env().appUrl),
    title: { default: 'Breakout', template: '%s · Breakout' },
    description,
    applicationName: 'Breakout',
    manifest: '/manifest.webmanifest',
    icons: {
      icon: [
        { url: '/icon.svg', type: 'image/svg+xml' },
        { url: '/favicon.ico', sizes: '16x16 32x32 48x48' },
      ],
      apple: { url: '/apple-touch-icon.png', sizes: '180x180' },
    },
    openGraph: {
      type: 'website',
      siteName: 'Breakout',
      title: 'Breakout',
      description,
      images: [{ url: '/og.png', width: 1200, height: 630, alt: 'Breakout: meetings with breakout rooms' }],
    },
    twitter: { card: 'summary_large_image', images: ['/og.png'] },
  };
}

export const viewport: Viewport = {
  colorScheme: 'light dark',
  themeColor: [
    { media: '(prefers-color-scheme: light)', color: '#f8fafc' },
    { media: '(prefers-color-scheme: dark)', color: '#020617' },
  ],
};

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // Every page renders per request: its scripts carry that request's CSP nonce (proxy.ts). A page
  // prerendered at build time would carry none, and the policy would block it.
  await connection();
  return (
    <html lang="en">
      <body className="min-h-screen bg-slate-50 text-slate-900 antialiased">{children}</body>
    </html>
  );
}
