{{- define "hookline.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "hookline.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/* Name of one component's objects; called with (dict "root" $ "component" "dispatcher"). */}}
{{- define "hookline.componentName" -}}
{{- printf "%s-%s" (include "hookline.fullname" .root | trunc 45 | trimSuffix "-") .component }}
{{- end }}

{{- define "hookline.selectorLabels" -}}
app.kubernetes.io/name: {{ include "hookline.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{- define "hookline.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "hookline.selectorLabels" . }}
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
app.kubernetes.io/part-of: hookline
{{- end }}

{{- define "hookline.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}

{{- define "hookline.secretName" -}}
{{- default (include "hookline.fullname" .) .Values.secret.existingSecret }}
{{- end }}

{{/* The subcharts' services are named <release>-<chart> unless the release name already holds the chart name. */}}
{{- define "hookline.subchartHost" -}}
{{- if contains .chart .root.Release.Name }}{{ .root.Release.Name }}{{ else }}{{ printf "%s-%s" .root.Release.Name .chart }}{{ end }}
{{- end }}

{{- define "hookline.natsUrl" -}}
{{- if .Values.nats.enabled }}
{{- printf "nats://%s:4222" (include "hookline.subchartHost" (dict "root" . "chart" "nats")) }}
{{- else }}
{{- required "nats.url is required unless nats.enabled" .Values.nats.url }}
{{- end }}
{{- end }}

{{- define "hookline.databaseUrl" -}}
{{- if .Values.postgresql.enabled }}
{{- $auth := .Values.postgresql.auth }}
{{- printf "postgres://%s:%s@%s:5432/%s" $auth.username (required "postgresql.auth.password is required when postgresql.enabled" $auth.password | urlquery | replace "+" "%20") (include "hookline.subchartHost" (dict "root" . "chart" "postgresql")) $auth.database }}
{{- else }}
{{- required "database.url is required (a postgres:// URL) unless postgresql.enabled or secret.existingSecret" .Values.database.url }}
{{- end }}
{{- end }}

{{/* Environment variables, by group: each service lists the groups it reads. */}}
{{- define "hookline.env.common" -}}
- name: NATS_URL
  value: {{ include "hookline.natsUrl" . | quote }}
- name: LOG_LEVEL
  value: {{ .Values.logLevel | quote }}
{{- end }}

{{- define "hookline.env.database" -}}
- name: DATABASE_URL
  valueFrom:
    secretKeyRef:
      name: {{ include "hookline.secretName" . }}
      key: DATABASE_URL
{{- end }}

{{- define "hookline.env.masterKey" -}}
- name: HOOKLINE_MASTER_KEY
  valueFrom:
    secretKeyRef:
      name: {{ include "hookline.secretName" . }}
      key: HOOKLINE_MASTER_KEY
{{- end }}

{{- define "hookline.env.gateway" -}}
- name: PORT
  value: {{ .Values.gateway.httpPort | quote }}
- name: GRPC_PORT
  value: {{ .Values.gateway.grpcPort | quote }}
- name: HOOKLINE_ADMIN_TOKEN
  valueFrom:
    secretKeyRef:
      name: {{ include "hookline.secretName" . }}
      key: HOOKLINE_ADMIN_TOKEN
{{- end }}

{{- define "hookline.env.health" -}}
- name: HOOKLINE_HEALTH_PORT
  value: {{ .Values.workerHealthPort | quote }}
{{- end }}

{{- define "hookline.env.egress" -}}
- name: HOOKLINE_EGRESS_ALLOW
  value: {{ .Values.dispatcher.egressAllow | quote }}
{{- end }}

{{- define "hookline.podScheduling" -}}
{{- with .Values.nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.affinity }}
affinity:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end }}

{{/*
One service's Deployment. Called with a dict:
  root       the chart's top-level context
  component  the app's directory under apps/, which also names its objects
  values     the service's block of values
  env        the env groups (hookline.env.<group>) it reads
  ports      container ports, if it listens
*/}}
{{- define "hookline.deployment" -}}
{{- $root := .root }}
{{- $values := .values }}
{{- $scope := dict "root" $root "component" .component }}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "hookline.componentName" $scope }}
  labels:
    {{- include "hookline.labels" $scope | nindent 4 }}
spec:
  {{- if not ($values.autoscaling | default dict).enabled }}
  replicas: {{ $values.replicaCount }}
  {{- end }}
  selector:
    matchLabels:
      {{- include "hookline.selectorLabels" $scope | nindent 6 }}
  template:
    metadata:
      annotations:
        checksum/secret: {{ include (print $root.Template.BasePath "/secret.yaml") $root | sha256sum }}
        {{- with $root.Values.podAnnotations }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
      labels:
        {{- include "hookline.labels" $scope | nindent 8 }}
    spec:
      {{- with $root.Values.imagePullSecrets }}
      imagePullSecrets:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      securityContext:
        {{- toYaml $root.Values.podSecurityContext | nindent 8 }}
      containers:
        - name: {{ .component }}
          image: {{ include "hookline.image" $root | quote }}
          imagePullPolicy: {{ $root.Values.image.pullPolicy }}
          command: ["node", "dist/apps/{{ .component }}/src/main.js"]
          securityContext:
            {{- toYaml $root.Values.securityContext | nindent 12 }}
          {{- with .ports }}
          ports:
            {{- toYaml . | nindent 12 }}
          {{- end }}
          env:
            {{- range .env }}
            {{- include (printf "hookline.env.%s" .) $root | nindent 12 }}
            {{- end }}
            {{- with $values.nodeOptions }}
            - name: NODE_OPTIONS
              value: {{ . | quote }}
            {{- end }}
            {{- with $root.Values.extraEnv }}
            {{- toYaml . | nindent 12 }}
            {{- end }}
            {{- with $values.extraEnv }}
            {{- toYaml . | nindent 12 }}
            {{- end }}
          readinessProbe:
            {{- toYaml $values.readinessProbe | nindent 12 }}
          livenessProbe:
            {{- toYaml $values.livenessProbe | nindent 12 }}
          resources:
            {{- toYaml $values.resources | nindent 12 }}
      {{- with include "hookline.podScheduling" $root | trim }}
      {{- . | nindent 6 }}
      {{- end }}
{{- end }}

{{/* A CPU-based HorizontalPodAutoscaler for one component; same dict as hookline.deployment. */}}
{{- define "hookline.hpa" -}}
{{- $scope := dict "root" .root "component" .component }}
{{- $autoscaling := .values.autoscaling }}
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: {{ include "hookline.componentName" $scope }}
  labels:
    {{- include "hookline.labels" $scope | nindent 4 }}
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: {{ include "hookline.componentName" $scope }}
  minReplicas: {{ $autoscaling.minReplicas }}
  maxReplicas: {{ $autoscaling.maxReplicas }}
  metrics:
    - type: Resource
      resource:
        name: cpu
        target:
          type: Utilization
          averageUtilization: {{ $autoscaling.targetCPUUtilizationPercentage }}
{{- end }}
